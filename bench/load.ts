import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const run = promisify(execFile);

export interface LoadResult {
  requestsPerSecond: number;
  tool: 'wrk' | 'autocannon';
  errors: number;
}

async function hasWrk(): Promise<boolean> {
  try {
    await run('wrk', ['--version']).catch((error: { stdout?: string }) => {
      if (!error.stdout?.includes('wrk')) throw error;
    });
    return true;
  } catch {
    return false;
  }
}

/** Throughput of GET `url` with `headers`: wrk where installed (Debian `wrk`), else autocannon. */
export async function measureThroughput(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 32,
): Promise<LoadResult> {
  if (await hasWrk()) {
    const args = [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--latency',
      ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
      url,
    ];
    const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
    const requestsPerSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
    const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
    return { requestsPerSecond, tool: 'wrk', errors };
  }
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return { requestsPerSecond: result.requests.average, tool: 'autocannon', errors: result.non2xx + result.errors };
}

/** Sequential latencies (ms) of `count` requests made by `send`; returns the p50 and p95. */
export async function measureLatency(count: number, send: (index: number) => Promise<void>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await send(index);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) => Number(samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))]!.toFixed(1));
  return { p50: at(0.5), p95: at(0.95) };
}
