import { registryAuthHeader } from '../clients/registry.client';
import { type RegistryEnv } from '../env/service-env';
import { errorText, type ProbeResult } from './probe.types';

/** Lists subjects: a 200 with a JSON array means the Confluent-compatible API answers. */
export async function probeRegistry(options: { registry: RegistryEnv }): Promise<ProbeResult> {
  const { registry } = options;
  try {
    const response = await fetch(`${registry.url}/subjects`, { headers: registryAuthHeader(registry), signal: AbortSignal.timeout(3000) });
    if (!response.ok) return { ok: false, reason: `schema registry at ${registry.url}: HTTP ${response.status}` };
    const subjects: unknown = await response.json();
    if (!Array.isArray(subjects)) return { ok: false, reason: `schema registry at ${registry.url}: /subjects is not a list (not a Confluent-compatible API?)` };
    return { ok: true, detail: `schema registry at ${registry.url}, ${subjects.length} subject(s)` };
  } catch (error) {
    return { ok: false, reason: `schema registry at ${registry.url}: ${errorText(error)}` };
  }
}
