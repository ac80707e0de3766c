/** The in-page target's page: the embedded model in the engine Worker, sessions as `LocalRealtimeSocket`s. */
import { LocalEngine } from '@earshot/web';
import { installEvalPage } from './harness.ts';

installEvalPage({
  async load(options) {
    const engine = LocalEngine.shared();
    const model = await engine.load({
      ...(options.modelUrl === undefined ? {} : { modelUrl: options.modelUrl }),
      backend: options.backend ?? 'auto',
    });
    return {
      model: model.model,
      variant: model.variant,
      backend: model.backend,
      backendReason: model.backendReason,
      threads: String(model.threads),
      adapter: model.adapter ?? 'none',
      loadMs: String(Math.round(model.loadMs)),
      warmupMs: String(Math.round(model.warmupMs)),
      userAgent: navigator.userAgent,
    };
  },
  openSocket: () => LocalEngine.shared().openSocket(),
});
