import { type Provider } from '@nestjs/common';
import { type ProjectorConfig, projectorConfigFromEnv } from './projector.config';

/** Injection token of the projector's settings. */
export const PROJECTOR_CONFIG = Symbol('PROJECTOR_CONFIG');

/** Reads the settings from the environment once, when the application context is created. */
export const projectorConfigProvider: Provider<ProjectorConfig> = {
  provide: PROJECTOR_CONFIG,
  useFactory: (): ProjectorConfig => projectorConfigFromEnv(process.env),
};
