// The bundle in dist/ carries native code for one platform only (onnxruntime-node, sharp and the static
// ffmpeg are the linux-x64 builds), so any other runner must stop before loading them, with one line.

export const SUPPORTED_PLATFORM = { platform: 'linux', arch: 'x64' } as const;

/** undefined when the bundle can run here; otherwise the message of the step's single `::error::` line. */
export function unsupportedPlatformMessage(platform: string, arch: string): string | undefined {
  if (platform === SUPPORTED_PLATFORM.platform && arch === SUPPORTED_PLATFORM.arch) return undefined;
  return (
    `number-jam runs on Linux x64 runners only (e.g. runs-on: ubuntu-latest); this runner is ${platform}-${arch}.` +
    ' Use a Linux x64 runner (self-hosted ones too), or the number-jam CLI where npm provides its native modules.'
  );
}
