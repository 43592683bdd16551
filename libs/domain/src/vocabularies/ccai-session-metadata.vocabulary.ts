import {
  type AnswerType,
  type Conversation,
  type RecordingPermission,
  type SessionType,
} from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { ccaiSessionStatus, type CcaiSessionStatusCode } from './ccai-session-status.vocabulary';
import { handleMs } from './handle.facts';
import { firstHandOffFrom, wasHandedOff } from './hand-off.facts';
import { holdSummary } from './hold.facts';

/** A label in the seed's two documentation languages: English and Portuguese (seed 003 is pt-BR). */
export interface Label {
  readonly en: string;
  readonly pt: string;
}

/** `Tipo de sessão` (session type): "Tipos de chamada" (voice) and "Tipos de conversa" (messaging). */
export const CCAI_SESSION_TYPE_NAMES: Readonly<Record<SessionType, Label>> = {
  VOICE_INBOUND_PSTN: { en: 'Voice inbound', pt: 'Entrada de voz' },
  VOICE_INBOUND_MOBILE_IVR: { en: 'Voice inbound (mobile IVR)', pt: 'Entrada de voz (IVR por dispositivo móvel)' },
  VOICE_INBOUND_MOBILE_SDK: { en: 'Voice inbound (mobile)', pt: 'Entrada de voz (dispositivos móveis)' },
  VOICE_INBOUND_API: { en: 'Voice inbound (API)', pt: 'Entrada de voz (API)' },
  VOICE_CALLBACK_WEB: { en: 'Voice callback (web)', pt: 'Retorno de chamada de voz (Web)' },
  VOICE_SCHEDULED_MOBILE: { en: 'Voice scheduled (mobile)', pt: 'Voz programada (dispositivos móveis)' },
  VOICE_SCHEDULED_WEB: { en: 'Voice scheduled (web)', pt: 'Voz agendada (Web)' },
  VOICE_OUTBOUND_AGENT: { en: 'Voice outbound', pt: 'Saída de voz' },
  VOICE_OUTBOUND_API: { en: 'Voice outbound (API)', pt: 'Saída de voz (API)' },
  VOICE_CAMPAIGN: { en: 'Voice campaign', pt: 'Campanha de voz' },
  CHAT_WHATSAPP: { en: 'Messaging (WhatsApp)', pt: 'Mensagens (WhatsApp)' },
  CHAT_SMS_INBOUND: { en: 'Messaging inbound (SMS)', pt: 'Mensagens recebidas (SMS)' },
  CHAT_SMS_OUTBOUND: { en: 'Messaging outbound (SMS)', pt: 'Mensagens enviadas (SMS)' },
  CHAT_SMS_OUTBOUND_API: { en: 'Messaging outbound (SMS via API)', pt: 'Mensagens de saída (SMS por API)' },
  CHAT_WEB: { en: 'Messaging (web)', pt: 'Mensagens (Web)' },
  CHAT_MOBILE: { en: 'Messaging (mobile)', pt: 'Mensagens (dispositivos móveis)' },
};

/** `Permissão de gravação` (recording permission): values `granted`, `denied`, `not asked`. */
export const CcaiRecordingPermission = ['granted', 'denied', 'not asked'] as const;
export type CcaiRecordingPermission = (typeof CcaiRecordingPermission)[number];

/** How the historical reports word each permission ("Concedida", "Negado", "Não perguntado"). */
export const CCAI_RECORDING_PERMISSION_LABELS: Readonly<Record<CcaiRecordingPermission, Label>> = {
  granted: { en: 'Granted', pt: 'Concedida' },
  denied: { en: 'Denied', pt: 'Negado' },
  'not asked': { en: 'Not asked', pt: 'Não perguntado' },
};

/** `Tipo de resposta` (answer type): "Agente humano ou virtual". */
export const CcaiAnswerType = ['human', 'virtual'] as const;
export type CcaiAnswerType = (typeof CcaiAnswerType)[number];

export const CCAI_ANSWER_TYPE_LABELS: Readonly<Record<CcaiAnswerType, Label>> = {
  human: { en: 'Human agent', pt: 'Agente humano' },
  virtual: { en: 'Virtual agent', pt: 'Agente virtual' },
};

export interface CcaiSessionMetadata {
  readonly sessionId: string;
  readonly sessionType: Label | null;
  readonly status: CcaiSessionStatusCode;
  /** `Criado`, `Na fila`, `Atribuído`, `Conectado`, `Finalizado`, `Programado`, `Atualizado` (epoch ms). */
  readonly created: number | null;
  readonly queued: number | null;
  readonly assigned: number | null;
  readonly connected: number | null;
  readonly finished: number | null;
  readonly scheduled: number | null;
  readonly updated: number | null;
  readonly handleDurationSec: number | null;
  readonly holdDurationSec: number | null;
  readonly answerType: CcaiAnswerType | null;
  readonly recordingPermission: CcaiRecordingPermission | null;
  /** `Número de telefone do suporte`: inbound only. `Número de saída`: outbound only. */
  readonly supportPhoneNumber: string | null;
  readonly outboundPhoneNumber: string | null;
  /** `Informações da transferência`: whether the customer was handed to another agent or menu. */
  readonly transferred: boolean;
  /** `Informações de rejeição`: the source's deflection code, e.g. `after_hours_message_only`. */
  readonly deflection: string | null;
}

export function toCcaiSessionMetadata(c: Conversation): CcaiSessionMetadata {
  return {
    sessionId: c.conversationId,
    sessionType: c.sessionType === null ? null : CCAI_SESSION_TYPE_NAMES[c.sessionType],
    status: ccaiSessionStatus(c),
    created: c.createdAt,
    queued: c.queuedAt,
    assigned: c.assignedAt,
    connected: c.connectedAt,
    finished: c.endedAt,
    scheduled: c.scheduledFor,
    updated: c.updatedAt,
    handleDurationSec: ccaiHandleDurationSec(c),
    holdDurationSec: ccaiHoldDurationSec(c),
    answerType: ccaiAnswerType(c.answerType),
    recordingPermission: ccaiRecordingPermission(c.recordingPermission),
    supportPhoneNumber: c.direction === 'INBOUND' ? c.companyNumber : null,
    outboundPhoneNumber: c.direction === 'OUTBOUND' ? c.companyNumber : null,
    transferred: wasHandedOff(c),
    deflection: c.deflectionDetail ?? c.deflectionReason,
  };
}

/**
 * `Tempo de atendimento` (handle duration) in whole seconds (the file shows "245 segundos"):
 * agent received the conversation (preview campaigns: including pre-call work) to end of wrap-up.
 */
export function ccaiHandleDurationSec(c: Conversation): number | null {
  const ms = handleMs(c);
  return ms === null ? null : Math.round(ms / 1000);
}

/**
 * `Duração da espera` (hold duration) in whole seconds: the sum of all holds of the interaction
 * with the initial agent. "Quando esse agente transfere a chamada, uma nova interação é iniciada":
 * the interaction ends at the first hand-off after the acceptance, so later holds belong to the
 * next interaction and a hold running at the transfer is cut there. Null before any agent connected.
 */
export function ccaiHoldDurationSec(c: Conversation): number | null {
  if (c.connectedAt === null) return null;
  const interactionEnd = firstHandOffFrom(c, c.connectedAt);
  return Math.round(holdSummary(c, interactionEnd).totalMs / 1000);
}

export function ccaiAnswerType(answerType: AnswerType | null): CcaiAnswerType | null {
  switch (answerType) {
    case null:
      return null;
    case 'HUMAN':
      return 'human';
    case 'VIRTUAL':
      return 'virtual';
    default:
      return assertNever(answerType);
  }
}

/** Null when no permission was ever reported: callfold does not guess `not asked`. */
export function ccaiRecordingPermission(permission: RecordingPermission | null): CcaiRecordingPermission | null {
  switch (permission) {
    case null:
      return null;
    case 'GRANTED':
      return 'granted';
    case 'DENIED':
      return 'denied';
    case 'NOT_ASKED':
      return 'not asked';
    default:
      return assertNever(permission);
  }
}
