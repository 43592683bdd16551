export { evolve, foldEvents } from './conversation.reducer';
export { type ConversationState, type ConversationStatus, initialState, stateFromConversation } from './conversation.state';
export { emptyConversation } from './empty-conversation';
export { type ImpossibleTransitionCode, ImpossibleTransitionError } from './impossible-transition.error';
