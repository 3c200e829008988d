/**
 * Saves text as a file the way a page does (a download link clicked): the Electron window and a
 * browser on the headless host both honour it, so the renderer never needs to know which it is in.
 */
export function saveFile(fileName: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}
