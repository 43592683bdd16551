import { type EventSource } from '@callfold/contracts';

/**
 * The emitters of a contact center. Switches, IVRs, ACDs, dialers and bots number their own
 * events (`sequence`); CRM, analytics, survey, privacy and the supervisor console do not, so
 * their events carry `sequence: null`, as in test/fixtures.
 */
export const SourceName = ['pbx', 'ivr', 'acd', 'dialer', 'aiAgent', 'chat', 'supervisor', 'recorder', 'crm', 'analytics', 'survey', 'privacy'] as const;
export type SourceName = (typeof SourceName)[number];

interface SourceProfile {
  readonly source: EventSource;
  readonly sequenced: boolean;
}

const profile = (system: string, vendor: string, node: string | null, sequenced: boolean): SourceProfile => ({
  source: Object.freeze({ system, vendor, node }),
  sequenced,
});

/** One shared, frozen EventSource object per emitter: events only reference them. */
export const SOURCES: Readonly<Record<SourceName, SourceProfile>> = {
  pbx: profile('pbx', 'asterisk', 'pbx-eu-west-1a', true),
  ivr: profile('ivr', 'asterisk', 'ivr-eu-west-1b', true),
  acd: profile('acd', 'genesys', 'acd-eu-1', true),
  dialer: profile('dialer', 'five9', 'dialer-02', true),
  aiAgent: profile('ai-agent', 'voice-operator', 'va-eu-3', true),
  chat: profile('chat', 'contacto', 'chat-eu-1', true),
  supervisor: profile('supervisor-console', 'voice-operator', null, false),
  recorder: profile('recorder', 'asterisk', 'rec-eu-1', false),
  crm: profile('crm', 'salesforce', null, false),
  analytics: profile('analytics', 'insights', null, false),
  survey: profile('survey', 'qualtrics', null, false),
  privacy: profile('privacy', 'callfold-dsr', null, false),
};

/** Position of each source in a per-conversation sequence-counter array. */
export const SOURCE_INDEX: Readonly<Record<SourceName, number>> = Object.fromEntries(SourceName.map((name, i) => [name, i])) as Record<SourceName, number>;
