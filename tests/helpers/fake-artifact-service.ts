// A fake of the GitHub Actions artifact backend on 127.0.0.1, answering exactly what @actions/artifact
// v6's uploadArtifact calls: the Twirp JSON endpoints CreateArtifact and FinalizeArtifact on
// ACTIONS_RESULTS_URL, and the Azure Blob block upload (Put Block + Put Block List) on the signed URL
// CreateArtifact hands out. The client reads the backend ids from the `scp` claim of the JWT in
// ACTIONS_RUNTIME_TOKEN; runtimeToken() makes one (unsigned: the client only decodes it).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_PREFIX = '/devstoreaccount1/artifacts/';

export interface FakeArtifact {
  id: number;
  name: string;
  createRequest: Record<string, unknown>;
  finalizeRequest?: Record<string, unknown>;
  /** Committed blob content (the zip, or the raw file for unzipped uploads). */
  content?: Buffer;
}

export interface FakeArtifactService {
  /** Value for ACTIONS_RESULTS_URL. */
  url: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** Value for ACTIONS_RUNTIME_TOKEN. */
  runtimeToken: string;
  artifacts: Map<string, FakeArtifact>;
  /** Every request line received, e.g. "POST /twirp/…/CreateArtifact". */
  requests: string[];
  close(): Promise<void>;
}

function base64url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

export function runtimeToken(workflowRunBackendId: string, workflowJobRunBackendId: string): string {
  const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({ scp: `Actions.GenericRead:1 Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}` }),
  );
  return `${header}.${payload}.signature`;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function azureHeaders(): Record<string, string> {
  return {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2025-01-05',
    'x-ms-request-server-encrypted': 'true',
    etag: `"0x${Date.now().toString(16)}"`,
    'last-modified': new Date().toUTCString(),
    date: new Date().toUTCString(),
  };
}

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const artifacts = new Map<string, FakeArtifact>();
  const requests: string[] = [];
  /** Staged blocks per blob path, by block id. */
  const blocks = new Map<string, Map<string, Buffer>>();
  const workflowRunBackendId = randomUUID();
  const workflowJobRunBackendId = randomUUID();
  let nextId = 4200;
  let origin = '';

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', origin);
      requests.push(`${request.method} ${url.pathname}`);
      const body = await readBody(request);
      if (request.method === 'POST' && url.pathname.startsWith(TWIRP_PREFIX)) {
        if (request.headers.authorization !== `Bearer ${service.runtimeToken}`)
          return sendJson(response, 401, { code: 'unauthenticated', msg: 'bad token' });
        const method = url.pathname.slice(TWIRP_PREFIX.length);
        const payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        const name = String(payload.name);
        if (method === 'CreateArtifact') {
          if (artifacts.has(name))
            return sendJson(response, 409, {
              code: 'already_exists',
              msg: 'an artifact with this name already exists on the workflow run',
            });
          artifacts.set(name, { id: nextId++, name, createRequest: payload });
          return sendJson(response, 200, {
            ok: true,
            signed_upload_url: `${origin}${BLOB_PREFIX}${encodeURIComponent(name)}?sig=fake-signature&sv=2025-01-05`,
          });
        }
        if (method === 'FinalizeArtifact') {
          const artifact = artifacts.get(name);
          if (!artifact?.content) return sendJson(response, 404, { code: 'not_found', msg: `no uploaded artifact ${name}` });
          artifact.finalizeRequest = payload;
          return sendJson(response, 200, { ok: true, artifact_id: String(artifact.id) });
        }
        return sendJson(response, 404, { code: 'bad_route', msg: `${method} is not faked` });
      }
      if (request.method === 'PUT' && url.pathname.startsWith(BLOB_PREFIX)) {
        if (url.searchParams.get('sig') !== 'fake-signature') return sendJson(response, 403, { msg: 'bad signature' });
        const name = decodeURIComponent(url.pathname.slice(BLOB_PREFIX.length));
        const comp = url.searchParams.get('comp');
        const staged = blocks.get(name) ?? new Map<string, Buffer>();
        blocks.set(name, staged);
        if (comp === 'block') {
          staged.set(url.searchParams.get('blockid') ?? '', body);
        } else if (comp === 'blocklist') {
          const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((match) => match[1]!);
          const missing = ids.filter((id) => !staged.has(id));
          if (missing.length > 0) return sendJson(response, 400, { msg: `unknown blocks ${missing.join(',')}` });
          const artifact = artifacts.get(name);
          if (artifact) artifact.content = Buffer.concat(ids.map((id) => staged.get(id)!));
        } else {
          const artifact = artifacts.get(name);
          if (artifact) artifact.content = body;
        }
        response.writeHead(201, azureHeaders());
        return response.end();
      }
      sendJson(response, 404, { msg: `unexpected ${request.method} ${url.pathname}` });
    })().catch((error: unknown) => {
      sendJson(response, 500, { msg: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const service: FakeArtifactService = {
    url: `${origin}/`,
    workflowRunBackendId,
    workflowJobRunBackendId,
    runtimeToken: runtimeToken(workflowRunBackendId, workflowJobRunBackendId),
    artifacts,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
  return service;
}

/** Entries of a zip archive (stored or deflated, no ZIP64), read through its central directory. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith('/')) entries.set(name, method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : Buffer.alloc(0));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
