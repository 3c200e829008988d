import type { Page } from 'playwright-core';

/**
 * The distinct colours (0xRRGGBB) of a canvas, from a screenshot of it decoded in the page (Node has
 * no PNG decoder here), one pixel in `stride`: enough to tell a drawn canvas from a blank one and to
 * find a colour a drawing uses.
 */
export async function canvasColours(page: Page, selector: string, stride = 97): Promise<number[]> {
  const png = (await page.locator(selector).screenshot()).toString('base64');
  return page.evaluate(
    async ({ data, step }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const scratch = document.createElement('canvas');
      scratch.width = image.width;
      scratch.height = image.height;
      const context = scratch.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const distinct = new Set<number>();
      for (let k = 0; k < pixels.length; k += 4 * step) distinct.add(((pixels[k] ?? 0) << 16) | ((pixels[k + 1] ?? 0) << 8) | (pixels[k + 2] ?? 0));
      return [...distinct];
    },
    { data: png, step: stride },
  );
}
