import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Video tests spawn ffmpeg and an ONNX session; two cores are all CI has.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
