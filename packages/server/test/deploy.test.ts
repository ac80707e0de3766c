/**
 * `deploy/` checked against the server it deploys, with the tools this machine has: HAProxy's and
 * nginx's own config checks (`haproxy -c`, `nginx -t`); the Kubernetes manifests parsed (PyYAML)
 * and held to the server's routes, port, variables and drain timing; the Dockerfile and
 * `.dockerignore` read statically (there is no Docker or cluster here to build or apply them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS_ENV, type ServeConfig, serveOptions } from '../src/cli/options.ts';
import { buildProgram, DEFAULT_CLOSE_GRACE_MS } from '../src/index.ts';
import { DEPLOY_DIR, haproxyInstalled, nginxInstalled } from './support/processes.ts';
import { startServer, type TestServer } from './support/server.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const YAML_READY = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

/** The YAML documents of each file, parsed by PyYAML (the one YAML parser on this machine). */
function loadYaml(files: readonly string[]): unknown[][] {
  const script =
    'import json, sys, yaml\nprint(json.dumps([list(yaml.safe_load_all(open(f))) for f in sys.argv[1:]]))';
  const out = execFileSync('python3', ['-c', script, ...files.map((f) => join(ROOT, f))], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as unknown[][];
}

/** The parts of the manifests these checks read. */
interface Probe {
  readonly httpGet: { readonly path: string; readonly port: string | number };
  readonly periodSeconds?: number;
  readonly failureThreshold?: number;
}
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}
interface Container {
  readonly name: string;
  readonly args?: readonly string[];
  readonly ports: ReadonlyArray<{ readonly name: string; readonly containerPort: number }>;
  readonly env: readonly EnvVar[];
  readonly readinessProbe: Probe;
  readonly livenessProbe: Probe;
  readonly startupProbe?: Probe;
  readonly lifecycle: { readonly preStop: { readonly exec: { readonly command: readonly string[] } } };
}
interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: Record<string, unknown>;
}
interface DeploymentSpec {
  readonly replicas: number;
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly template: {
    readonly metadata: { readonly labels: Record<string, string> };
    readonly spec: {
      readonly terminationGracePeriodSeconds: number;
      readonly securityContext: { readonly runAsNonRoot: boolean; readonly runAsUser: number };
      readonly containers: readonly Container[];
    };
  };
}

/** Sub-map check: every label of `selector` is on `labels`. */
function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Parses `earshot serve` as the CLI would with `env` as its environment. */
async function serveConfigFrom(env: Record<string, string>): Promise<ServeConfig> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let config: ServeConfig | null = null;
    const program = buildProgram(async (c) => {
      config = c;
    });
    program.exitOverride();
    await program.parseAsync(['node', 'earshot', 'serve']);
    if (config === null) throw new Error('serve did not run');
    return config;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe.skipIf(!haproxyInstalled())('deploy/haproxy/haproxy.cfg', () => {
  // The directives, without the comments (which name options it deliberately leaves out).
  const cfg = read('deploy/haproxy/haproxy.cfg').replace(/#.*$/gm, '');

  it('passes haproxy -c, with its defaults and with addresses from the environment', () => {
    const check = (env: Record<string, string>) =>
      spawnSync('haproxy', ['-c', '-f', join(DEPLOY_DIR, 'haproxy/haproxy.cfg')], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const defaults = check({});
    expect(defaults.status, defaults.stdout + defaults.stderr).toBe(0);
    const substituted = check({
      EARSHOT_LB_BIND: '127.0.0.1:18080',
      EARSHOT_REPLICA_1: '10.0.0.11:8000',
      EARSHOT_MAX_SESSIONS: '32',
    });
    expect(substituted.status, substituted.stdout + substituted.stderr).toBe(0);
  });

  it('balances by least connections, checks a route the server answers 200, and keeps tunnels of a DOWN server', async () => {
    expect(cfg).toMatch(/^\s*balance leastconn$/m);
    expect(cfg).toMatch(/^\s*timeout tunnel \S+$/m);
    expect(cfg).not.toContain('shutdown-sessions');
    const path = /http-check send meth GET uri (\S+)/.exec(cfg)?.[1] ?? '';
    expect(path).toBe('/readyz');
    expect((await fetch(`${server.base}${path}`)).status).toBe(200);
  });
});

describe.skipIf(!nginxInstalled())('deploy/nginx/earshot.conf', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes nginx -t inside an http block', () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-nginx-'));
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((name) => `    ${name}_temp_path ${join(dir, name)};`)
      .join('\n');
    const wrapper = join(dir, 'nginx.conf');
    writeFileSync(
      wrapper,
      `pid ${join(dir, 'nginx.pid')};\nerror_log stderr;\nevents {}\nhttp {\n    access_log off;\n${temp}\n    include ${join(DEPLOY_DIR, 'nginx/earshot.conf')};\n}\n`,
    );
    const result = spawnSync('nginx', ['-t', '-c', wrapper, '-p', dir, '-e', 'stderr'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('test is successful');
  });

  it('balances by least connections and passes WebSocket upgrades', () => {
    const conf = read('deploy/nginx/earshot.conf');
    expect(conf).toMatch(/^\s*least_conn;$/m);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_http_version 1\.1;/);
    expect(conf).toMatch(/proxy_read_timeout 3600s;/);
  });
});

describe.skipIf(!YAML_READY)(
  `deploy/kubernetes${YAML_READY ? '' : ' — python3-yaml missing: skipped'}`,
  () => {
    const files = [
      'deployment.yaml',
      'service.yaml',
      'pdb.yaml',
      'hpa.yaml',
      'kustomization.yaml',
      'prometheus-adapter-rules.yaml',
    ].map((f) => `deploy/kubernetes/${f}`);
    const parsed = YAML_READY ? loadYaml(files) : [];
    const manifests = parsed.slice(0, 4).flat() as Manifest[];
    const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
    const deployment = byKind('Deployment')[0] as Manifest;
    const spec = deployment?.spec as unknown as DeploymentSpec;
    const pod = spec?.template.spec;
    const container = pod?.containers[0] as Container;
    const literalEnv = Object.fromEntries(
      (container?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]),
    );

    it('are the objects the guide names, at current API versions, and kustomize lists them all', () => {
      expect(manifests.map((m) => `${m.apiVersion} ${m.kind}`).sort()).toEqual([
        'apps/v1 Deployment',
        'autoscaling/v2 HorizontalPodAutoscaler',
        'policy/v1 PodDisruptionBudget',
        'v1 Service',
        'v1 Service',
      ]);
      const kustomization = parsed[4]?.[0] as { resources: string[] };
      expect(kustomization.resources.sort()).toEqual([
        'deployment.yaml',
        'hpa.yaml',
        'pdb.yaml',
        'service.yaml',
      ]);
    });

    it('select the Deployment pods by the same labels', () => {
      const labels = spec.template.metadata.labels;
      expect(selects(spec.selector.matchLabels, labels)).toBe(true);
      for (const service of byKind('Service'))
        expect(selects(service.spec.selector as Record<string, string>, labels)).toBe(true);
      const pdb = byKind('PodDisruptionBudget')[0] as Manifest;
      expect(
        selects((pdb.spec.selector as { matchLabels: Record<string, string> }).matchLabels, labels),
      ).toBe(true);
      for (const service of byKind('Service')) {
        const ports = service.spec.ports as Array<{ targetPort: string }>;
        for (const port of ports) expect(container.ports.map((p) => p.name)).toContain(port.targetPort);
      }
    });

    it('set only variables earshot serve reads, to values it accepts, on the port the container exposes', async () => {
      const known = new Set([...serveOptions().map((o) => o.envVar), API_KEYS_ENV]);
      for (const env of container.env) expect(known, env.name).toContain(env.name);
      const config = await serveConfigFrom(literalEnv);
      expect(config.host).toBe('0.0.0.0');
      expect(container.ports).toEqual([{ name: 'http', containerPort: config.port }]);
      expect(container.args).toEqual(['serve']);
    });

    it('probe /readyz for readiness and /healthz for liveness, routes the server answers', async () => {
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      const probes = [container.readinessProbe, container.livenessProbe, container.startupProbe];
      for (const probe of probes.filter((p) => p !== undefined)) {
        expect((await fetch(`${server.base}${probe.httpGet.path}`)).status).toBe(200);
      }
    });

    it('give the drain its time: preStop + shutdown grace + close handshake fit in the termination grace, within the liveness budget', async () => {
      const config = await serveConfigFrom(literalEnv);
      const command = container.lifecycle.preStop.exec.command;
      expect(command[0]).toBe('sleep');
      const drain = Number(command[1]) + config.shutdownGrace + DEFAULT_CLOSE_GRACE_MS / 1000;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain);
      // /healthz is 503 while draining: liveness must not fail the pod before the drain ends.
      const { periodSeconds = 10, failureThreshold = 3 } = container.livenessProbe;
      expect(periodSeconds * failureThreshold).toBeGreaterThan(pod.terminationGracePeriodSeconds);
    });

    it('run as the non-root user of the Dockerfile', () => {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const user = /^USER (\d+)(?::\d+)?$/m.exec(read('deploy/docker/Dockerfile'))?.[1];
      expect(pod.securityContext.runAsUser).toBe(Number(user));
    });

    it('scale on a sessions gauge the server exports, below --max-sessions, with a disruption budget under the minimum', async () => {
      const hpa = byKind('HorizontalPodAutoscaler')[0] as Manifest;
      const hpaSpec = hpa.spec as {
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
        metrics: Array<{
          type: string;
          pods: { metric: { name: string }; target: { averageValue: string } };
        }>;
      };
      expect(hpaSpec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
      const [metric] = hpaSpec.metrics;
      if (metric === undefined) throw new Error('the HPA has no metric');
      expect(metric.type).toBe('Pods');
      const text = await (await fetch(`${server.base}/metrics`)).text();
      expect(text).toContain(`# TYPE ${metric.pods.metric.name} gauge`);
      const config = await serveConfigFrom(literalEnv);
      expect(Number(metric.pods.target.averageValue)).toBeLessThan(config.limits.maxSessions);
      const pdb = byKind('PodDisruptionBudget')[0] as Manifest;
      expect(pdb.spec.maxUnavailable).toBeLessThan(hpaSpec.minReplicas);
      // The adapter rules ask Prometheus for series the server exports.
      const adapter = parsed[5]?.[0] as { rules: { custom: Array<{ seriesQuery: string }> } };
      const rules = adapter.rules.custom;
      for (const rule of rules) {
        const name = /^(\w+)\{/.exec(rule.seriesQuery)?.[1] ?? '';
        expect(text).toContain(`# TYPE ${name} `);
      }
    });
  },
);

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** Whether `.dockerignore` leaves `path` out of the build context (last matching line wins). */
function dockerIgnored(path: string, lines: readonly string[]): boolean {
  let ignored = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
    const source = pattern
      .split('**/')
      .map((part) =>
        part
          .split('*')
          .map((piece) => piece.replace(/[.+^${}()|[\]\\?]/g, '\\$&'))
          .join('[^/]*'),
      )
      .join('(?:.*/)?');
    if (new RegExp(`^${source}(?:/.*)?$`).test(path)) ignored = !negate;
  }
  return ignored;
}

/** Every file under `path` (relative to the repository), or `path` itself. */
function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe('deploy/docker/Dockerfile', () => {
  const dockerfile = read('deploy/docker/Dockerfile');
  const steps = instructions(dockerfile);
  const ignore = read('.dockerignore').split('\n');

  it('is multi-stage: a build stage, then a runtime on ARG BASE (node:20-bookworm-slim by default)', () => {
    const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms.at(-1)).toBe(`${'$'}{BASE} AS runtime`);
    expect(steps.find((s) => s.op === 'ARG' && s.args.startsWith('BASE='))?.args).toBe(
      'BASE=node:20-bookworm-slim',
    );
    // The CUDA base is documented with the build line that installs the CUDA provider.
    expect(dockerfile).toMatch(/BASE=nvidia\/cuda:12[^\s]*cudnn[^\s]*runtime/);
  });

  it('skips the onnxruntime-node CUDA download unless asked, and runs as a non-root user', () => {
    expect(steps).toContainEqual({ op: 'ARG', args: 'ONNXRUNTIME_NODE_INSTALL=skip' });
    const lastFrom = steps.findLastIndex((s) => s.op === 'FROM');
    const user = steps.slice(lastFrom).find((s) => s.op === 'USER')?.args ?? '';
    expect(user).toMatch(/^[1-9]\d*:\d+$/);
  });

  it('copies only files that exist and that .dockerignore leaves in the context', () => {
    const copies = steps.filter((s) => s.op === 'COPY' && !s.args.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(ROOT, source)), source).toBe(true);
        for (const file of filesUnder(source)) expect(dockerIgnored(file, ignore), file).toBe(false);
      }
    }
    // And the rest of the repository stays out (no node_modules, no .git, no tests).
    for (const path of ['node_modules/ws/index.js', '.git/HEAD', 'packages/server/test/deploy.test.ts'])
      expect(dockerIgnored(path, ignore), path).toBe(true);
  });

  it('starts earshot serve on the port Kubernetes probes, with a health check on /healthz', () => {
    const entry = JSON.parse(steps.find((s) => s.op === 'ENTRYPOINT')?.args ?? '[]') as string[];
    expect(existsSync(join(ROOT, entry[1] ?? ''))).toBe(true);
    expect(JSON.parse(steps.find((s) => s.op === 'CMD')?.args ?? '[]')).toEqual(['serve']);
    expect(steps.find((s) => s.op === 'EXPOSE')?.args).toBe('8000');
    expect(dockerfile).toContain('EARSHOT_PORT=8000');
    expect(steps.find((s) => s.op === 'HEALTHCHECK')?.args).toContain('/healthz');
  });
});
