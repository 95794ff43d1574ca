export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  /** From sending the request to the end of the answer. */
  readonly ms: number;
}

/** POSTs `body` and reads the whole answer (fetch: undici, a keep-alive pool per process). */
export async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<HttpAnswer> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', body, headers });
  const answer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: answer, ms: performance.now() - started };
}

export const PROTOBUF = { 'content-type': 'application/x-protobuf' };
