/**
 * The simulated contact center: queues behind an IVR menu, human and virtual agents,
 * supervisors, campaigns and the company's phone numbers. Built once per run from the options;
 * scenarios only read it.
 */
export interface QueueProfile {
  readonly id: string;
  readonly teamId: string;
  /** The IVR digits that lead here, one per menu level. */
  readonly options: readonly string[];
  /** Seed 003's human-readable menu path and materialised menu path id (one id per level). */
  readonly menuPaths: readonly string[];
  readonly menuPathIds: readonly string[];
  readonly flow: string;
}

export interface World {
  readonly ivrId: string;
  readonly queues: readonly QueueProfile[];
  readonly agents: readonly string[];
  readonly virtualAgents: readonly string[];
  readonly supervisors: readonly string[];
  readonly campaigns: readonly string[];
  readonly companyNumbers: readonly string[];
}

const TOPICS = [
  ['billing', 'Billing'],
  ['support', 'Technical support'],
  ['sales', 'Sales'],
  ['retention', 'Retention'],
  ['moves', 'Moving home'],
  ['outages', 'Outages'],
] as const;
const LANGUAGES = [
  ['en', 'English'],
  ['pt', 'Portuguese'],
  ['da', 'Danish'],
] as const;
const MENU_ROOT_ID = 2420;

/** Queue `index` of a generated catalogue: topics first, then the same topics in the next language. */
function generatedQueue(index: number): QueueProfile {
  const topicIndex = index % TOPICS.length;
  const languageIndex = Math.floor(index / TOPICS.length) % LANGUAGES.length;
  const round = Math.floor(index / (TOPICS.length * LANGUAGES.length));
  const [topic, topicName] = TOPICS[topicIndex] ?? TOPICS[0];
  const [language, languageName] = LANGUAGES[languageIndex] ?? LANGUAGES[0];
  const suffix = round === 0 ? '' : `-${round + 1}`;
  const id = `q-${topic}-${language}${suffix}`;
  const languageId = String(4000 + languageIndex * 131);
  const topicId = String(6000 + index * 17);
  return {
    id,
    teamId: `team-${topic}-${language}${suffix}`,
    options: [String(languageIndex + 1), String(topicIndex + 1)],
    menuPaths: [`Main > ${languageName}`, `Main > ${languageName} > ${topicName}${suffix}`],
    menuPathIds: [`${MENU_ROOT_ID}/${languageId}`, `${MENU_ROOT_ID}/${languageId}/${topicId}`],
    flow: `${topicName} Inbound`,
  };
}

/** A queue named by the caller: one menu level, numbered by position. */
function namedQueue(id: string, index: number): QueueProfile {
  const option = String((index % 9) + 1);
  return {
    id,
    teamId: `team-${id.replace(/^q-/, '')}`,
    options: [option],
    menuPaths: [`Main > ${id}`],
    menuPathIds: [`${MENU_ROOT_ID}/${5000 + index * 17}`],
    flow: 'Inbound',
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export interface WorldOptions {
  readonly queues: number | readonly string[];
  readonly agents: number | readonly string[];
}

export function createWorld(options: WorldOptions): World {
  const queues =
    typeof options.queues === 'number'
      ? Array.from({ length: options.queues }, (_, i) => generatedQueue(i))
      : options.queues.map((id, i) => namedQueue(id, i));
  const agents = typeof options.agents === 'number' ? Array.from({ length: options.agents }, (_, i) => `agent-${pad(i + 1, 4)}`) : [...options.agents];
  return {
    ivrId: 'ivr-main',
    queues,
    agents,
    virtualAgents: ['va-utilities', 'va-billing', 'va-appointments'],
    supervisors: ['sup-0001', 'sup-0002', 'sup-0003'],
    campaigns: ['camp-renewals-01', 'camp-collections-03', 'camp-winback-02'],
    companyNumbers: ['+351211230000', '+351211234500', '+4570101010'],
  };
}
