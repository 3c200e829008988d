import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One config for the renderer build and for vitest. The renderer is served from app:// in Electron
// and from the headless host, so asset URLs are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No source maps: they would ship the renderer's sources inside the package (electron-builder.yml
    // also excludes *.map). Stack traces in the log name bundle positions; a developer rebuilds to map them.
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    root: '.',
    include: ['tests/{unit,integration,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // The JSON report lets .ci/run print one plain "N passed, N failed" line at the end.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    pool: 'forks',
    // Tests run the .ts entries the way the npm scripts do (node --import tsx): the forks, and the
    // children the code under test starts with process.execArgv, load TypeScript through this loader.
    execArgv: ['--import', 'tsx'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // e2e tests start their own host and browser; keep them from competing with each other on 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
