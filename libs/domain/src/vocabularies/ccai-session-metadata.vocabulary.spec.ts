import { RecordingPermission, SessionType } from '@callfold/contracts';
import {
  CCAI_ANSWER_TYPE_LABELS,
  CCAI_RECORDING_PERMISSION_LABELS,
  CCAI_SESSION_TYPE_NAMES,
  ccaiAnswerType,
  ccaiHandleDurationSec,
  ccaiHoldDurationSec,
  CcaiRecordingPermission,
  ccaiRecordingPermission,
  toCcaiSessionMetadata,
} from './ccai-session-metadata.vocabulary';
import { abandonedInQueue, answeredInbound, at, dialedOutbound, T0 } from './testing/conversation.fixtures';

describe('CCAI session type names (seed 003 Tipo de sessão)', () => {
  it.each([
    ['VOICE_INBOUND_PSTN', 'Entrada de voz'],
    ['VOICE_INBOUND_MOBILE_IVR', 'Entrada de voz (IVR por dispositivo móvel)'],
    ['VOICE_INBOUND_MOBILE_SDK', 'Entrada de voz (dispositivos móveis)'],
    ['VOICE_INBOUND_API', 'Entrada de voz (API)'],
    ['VOICE_CALLBACK_WEB', 'Retorno de chamada de voz (Web)'],
    ['VOICE_SCHEDULED_MOBILE', 'Voz programada (dispositivos móveis)'],
    ['VOICE_SCHEDULED_WEB', 'Voz agendada (Web)'],
    ['VOICE_OUTBOUND_AGENT', 'Saída de voz'],
    ['VOICE_OUTBOUND_API', 'Saída de voz (API)'],
    ['VOICE_CAMPAIGN', 'Campanha de voz'],
    ['CHAT_WHATSAPP', 'Mensagens (WhatsApp)'],
    ['CHAT_SMS_INBOUND', 'Mensagens recebidas (SMS)'],
    ['CHAT_SMS_OUTBOUND', 'Mensagens enviadas (SMS)'],
    ['CHAT_SMS_OUTBOUND_API', 'Mensagens de saída (SMS por API)'],
    ['CHAT_WEB', 'Mensagens (Web)'],
    ['CHAT_MOBILE', 'Mensagens (dispositivos móveis)'],
  ] as const)('given session type %s, when named, then the seed calls it "%s"', (type, pt) => {
    expect(CCAI_SESSION_TYPE_NAMES[type].pt).toBe(pt);
  });

  it('given every session type, when named, then each has a distinct English name', () => {
    expect(new Set(SessionType.map((t) => CCAI_SESSION_TYPE_NAMES[t].en)).size).toBe(SessionType.length);
  });
});

describe('ccaiHandleDurationSec (seed 003 Tempo de atendimento)', () => {
  it('given an agent connected at 40 s whose wrap-up ended at 190 s, when measured, then 150 seconds', () => {
    expect(ccaiHandleDurationSec(answeredInbound())).toBe(150);
  });

  it('given a preview campaign whose record reached the agent at 10 s, when measured, then pre-call work counts', () => {
    const call = dialedOutbound({ sessionType: 'VOICE_CAMPAIGN', dialMode: 'PREVIEW', previewState: 'READY', assignedAt: at(10), dialingAt: at(25), connectedAt: at(31), endedAt: at(90), wrapUpStartedAt: at(90), wrapUpEndedAt: at(100) });
    expect(ccaiHandleDurationSec(call)).toBe(90);
  });

  it('given a call no agent received, when measured, then null', () => {
    expect(ccaiHandleDurationSec(abandonedInQueue())).toBeNull();
  });

  it('given 1.5 s of handle time, when measured, then whole seconds, rounded', () => {
    expect(ccaiHandleDurationSec(answeredInbound({ endedAt: at(41.5), wrapUpStartedAt: null, wrapUpEndedAt: null }))).toBe(2);
  });
});

describe('ccaiHoldDurationSec (seed 003 Duração da espera)', () => {
  it('given two holds of 10 s and 20 s, when measured, then their sum', () => {
    expect(ccaiHoldDurationSec(answeredInbound({ holdStarts: [at(50), at(100)], holdEnds: [at(60), at(120)] }))).toBe(30);
  });

  it('given a transfer at 90 s while on hold since 80 s and a hold with the next agent, when measured, then only the first interaction counts', () => {
    const call = answeredInbound({
      holdStarts: [at(80), at(130)],
      holdEnds: [at(95), at(140)],
      transfers: [{ at: at(90), targetType: 'AGENT', target: 'agent-bo', initiatedBy: 'AGENT', initiatorId: null }],
    });
    expect(ccaiHoldDurationSec(call)).toBe(10);
  });

  it('given an answered call never held, when measured, then 0', () => {
    expect(ccaiHoldDurationSec(answeredInbound())).toBe(0);
  });

  it('given a call no agent took, when measured, then null', () => {
    expect(ccaiHoldDurationSec(abandonedInQueue())).toBeNull();
  });
});

describe('ccaiRecordingPermission and ccaiAnswerType', () => {
  it.each([
    ['GRANTED', 'granted', 'Concedida'],
    ['DENIED', 'denied', 'Negado'],
    ['NOT_ASKED', 'not asked', 'Não perguntado'],
  ] as const)('given permission %s, when worded, then "%s" (pt "%s")', (permission, value, pt) => {
    const worded = ccaiRecordingPermission(permission);
    expect(worded).toBe(value);
    expect(worded === null ? null : CCAI_RECORDING_PERMISSION_LABELS[worded].pt).toBe(pt);
  });

  it('given every permission, when worded, then all three seed values come out', () => {
    expect(new Set(RecordingPermission.map(ccaiRecordingPermission))).toEqual(new Set(CcaiRecordingPermission));
  });

  it('given no permission reported, when worded, then null (not guessed as not asked)', () => {
    expect(ccaiRecordingPermission(null)).toBeNull();
  });

  it.each([
    ['HUMAN', 'human', 'Agente humano'],
    ['VIRTUAL', 'virtual', 'Agente virtual'],
  ] as const)('given answer type %s, when worded, then %s (%s)', (answerType, value, pt) => {
    const worded = ccaiAnswerType(answerType);
    expect(worded).toBe(value);
    expect(worded === null ? null : CCAI_ANSWER_TYPE_LABELS[worded].pt).toBe(pt);
  });

  it('given no connection yet, when worded, then no answer type', () => {
    expect(ccaiAnswerType(null)).toBeNull();
  });
});

describe('toCcaiSessionMetadata', () => {
  it('given an answered inbound call, when mapped, then the metadata file fields', () => {
    const call = answeredInbound({ companyNumber: '+12223334444', recordingPermission: 'GRANTED', updatedAt: at(900) });
    expect(toCcaiSessionMetadata(call)).toEqual({
      sessionId: 'c1',
      sessionType: { en: 'Voice inbound', pt: 'Entrada de voz' },
      status: 8,
      created: T0,
      queued: at(20),
      assigned: at(35),
      connected: at(40),
      finished: at(160),
      scheduled: null,
      updated: at(900),
      handleDurationSec: 150,
      holdDurationSec: 0,
      answerType: 'human',
      recordingPermission: 'granted',
      supportPhoneNumber: '+12223334444',
      outboundPhoneNumber: null,
      transferred: false,
      deflection: null,
    });
  });

  it('given an outbound call, when mapped, then the company number is the outbound number', () => {
    const metadata = toCcaiSessionMetadata(dialedOutbound());
    expect([metadata.supportPhoneNumber, metadata.outboundPhoneNumber]).toEqual([null, '+12223335555']);
  });

  it('given a deflection with a source code, when mapped, then the code is the deflection info', () => {
    const metadata = toCcaiSessionMetadata(abandonedInQueue({ deflectionReason: 'AFTER_HOURS', deflectionDetail: 'after_hours_message_only' }));
    expect(metadata.deflection).toBe('after_hours_message_only');
  });
});
