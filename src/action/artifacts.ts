// Uploads the redacted videos and their JSON through @actions/artifact (one zip per run or shard).
import path from 'node:path';

/** The slice of @actions/artifact's client the action uses (injected so tests can replace it). */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number },
  ): Promise<{ id?: number; size?: number; digest?: string }>;
  /** Deletes the artifact of this name in the current run (`overwrite`); rejects when there is none. */
  deleteArtifact?(name: string): Promise<unknown>;
}

export interface UploadedArtifact {
  id: number;
  url: string;
  size: number;
}

/** `https://github.com/<owner>/<repo>/actions/runs/<run>/artifacts/<id>`, as actions/upload-artifact reports it. */
export function artifactUrl(env: NodeJS.ProcessEnv, id: number): string {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runId = env.GITHUB_RUN_ID ?? '';
  return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}

/**
 * Uploads `files` (absolute paths under `rootDirectory`, which becomes the zip's root). Videos are
 * already compressed, so the zip stores them (level 0) instead of spending CPU for nothing.
 */
export async function uploadResults(
  uploader: ArtifactUploader,
  env: NodeJS.ProcessEnv,
  name: string,
  files: readonly string[],
  rootDirectory: string,
  retentionDays: number | undefined,
): Promise<UploadedArtifact> {
  const outside = files.filter((file) => path.relative(rootDirectory, file).startsWith('..'));
  if (outside.length > 0) throw new Error(`artifact files outside ${rootDirectory}: ${outside.join(', ')}`);
  const result = await uploader.uploadArtifact(name, [...files], rootDirectory, {
    compressionLevel: 0,
    ...(retentionDays === undefined ? {} : { retentionDays }),
  });
  if (result.id === undefined) throw new Error(`artifact '${name}' was uploaded but the service returned no id`);
  return { id: result.id, url: artifactUrl(env, result.id), size: result.size ?? 0 };
}
