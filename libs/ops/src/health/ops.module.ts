/**
 * The ops HTTP surface of a service: `GET /metrics` (Prometheus text), `GET /health/live` and
 * `GET /health/ready` (terminus: 200 with `{status: "ok", …}`, 503 with `{status: "error", …}`).
 *
 *   @Module({ imports: [OpsModule.forRoot({ metrics, checks, liveness: { progress, pendingWork } })] })
 *   class ProjectorModule {}
 *   const app = await NestFactory.create(ProjectorModule, { bufferLogs: true });
 *   await startOpsHttp(app, opsPortFromEnv(process.env, 9464));
 *
 * Paths are absolute: do not give the app a global prefix, or exclude these routes from it.
 */
import { Controller, type DynamicModule, Get, Header, Inject, Injectable, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { type CallfoldMetrics } from '../metrics';
import { decideLiveness, type ProgressTracker, type ReadinessCheck, runCheck } from './health';

export const OPS_OPTIONS = Symbol.for('callfold.ops.options');

/** prom-client's Registry.PROMETHEUS_CONTENT_TYPE: text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface OpsLivenessOptions {
  readonly progress: ProgressTracker;
  /** Longest silence of the consume loop before it counts as stuck (if work is pending); default 60 s. */
  readonly maxSilenceMs?: number;
  /** Messages waiting on this member's partitions, e.g. `() => lagMonitor.pending(groupId, consumer.assignment())`. */
  readonly pendingWork?: () => number | undefined;
  readonly now?: () => number;
}

export interface OpsModuleOptions {
  readonly metrics: CallfoldMetrics;
  /** Readiness: every check must pass (restoreCheck, kafkaCheck, clickHouseCheck, …). */
  readonly checks: readonly ReadinessCheck[];
  /** Liveness; without it /health/live answers 200 while the process serves HTTP. */
  readonly liveness?: OpsLivenessOptions;
  /** How long terminus keeps answering (503 "shutting_down" on readiness) after SIGTERM; default 0. */
  readonly gracefulShutdownTimeoutMs?: number;
}

/** The liveness indicator: the consume loop progressed recently, or has nothing to do. */
@Injectable()
export class ConsumeLoopIndicator {
  constructor(
    @Inject(OPS_OPTIONS) private readonly options: OpsModuleOptions,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
  ) {}

  check(): HealthIndicatorResult {
    const session = this.indicators.check('consumeLoop');
    const liveness = this.options.liveness;
    if (!liveness) return session.up({ reason: 'no consume loop tracked' });
    const decision = decideLiveness({
      lastProgressAt: liveness.progress.lastProgressAt(),
      now: (liveness.now ?? Date.now)(),
      maxSilenceMs: liveness.maxSilenceMs ?? 60_000,
      pendingWork: liveness.pendingWork?.(),
    });
    const { live, ...details } = decision;
    return live ? session.up(details) : session.down(details);
  }
}

/** The readiness indicator: one terminus result per injected dependency check. */
@Injectable()
export class DependencyIndicator {
  constructor(@Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService) {}

  async check(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const result = await runCheck(check);
    const session = this.indicators.check(check.name);
    return result.up ? session.up({ durationMs: result.durationMs }) : session.down({ message: result.detail ?? 'down', durationMs: result.durationMs });
  }
}

@Controller()
export class OpsController {
  constructor(
    @Inject(OPS_OPTIONS) private readonly options: OpsModuleOptions,
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ConsumeLoopIndicator) private readonly loop: ConsumeLoopIndicator,
    @Inject(DependencyIndicator) private readonly dependencies: DependencyIndicator,
  ) {}

  @Get('metrics')
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return this.options.metrics.registry.metrics();
  }

  @Get('health/live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.loop.check()]);
  }

  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.options.checks.map((check) => () => this.dependencies.check(check)));
  }
}

@Module({})
export class OpsModule {
  static forRoot(options: OpsModuleOptions): DynamicModule {
    return {
      module: OpsModule,
      // Terminus logs every failed check itself; our JSON logger already sees failures through
      // the services, and a failing probe every 10 s would flood the log.
      imports: [TerminusModule.forRoot({ logger: false, gracefulShutdownTimeoutMs: options.gracefulShutdownTimeoutMs ?? 0 })],
      controllers: [OpsController],
      providers: [{ provide: OPS_OPTIONS, useValue: options }, ConsumeLoopIndicator, DependencyIndicator],
    };
  }
}
