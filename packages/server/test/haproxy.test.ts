/**
 * Three `earshot serve` replicas (embedded model) behind HAProxy, run from
 * `deploy/haproxy/haproxy.cfg` itself on loopback: sessions spread over the replicas
 * (least connections); a replica killed mid-stream closes only its own sessions; their clients
 * reconnect through the balancer onto the others and get their transcripts; the sessions on the
 * other replicas go on, and a canary streaming throughout gets the same transcript as without
 * the kill. A replica sent SIGTERM drains: its session gets the 1001 close through the balancer and
 * the process exits 0. No timing is asserted: every wait is a generous timeout.
 */
import type { IncomingMessage } from 'node:http';
import { resampleClip } from '@earshot/core/audio';
import { type TestClient, wordErrorRate } from '@earshot/testkit/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_HEADER, type ReplicaLoad } from '../src/index.ts';
import { eventually, openClient } from './support/clients.ts';
import { CLIPS, fixture16k, MODEL_MISSING, MODEL_READY } from './support/model.ts';
import {
  backendStates,
  type HaproxyProcess,
  haproxyInstalled,
  type ServeProcess,
  spawnHaproxy,
  spawnServe,
  stopProcess,
} from './support/processes.ts';
import { appendAudio, configure, transcribeSamples } from './support/session.ts';

const T = 30_000;
const HAPROXY = haproxyInstalled();
const REPLICAS = 3;
const SESSIONS = 6;

const at24k = (samples16k: Float32Array) => resampleClip(samples16k, 16000, 24000);

/** The canary's utterances (≈ 7 s in all). */
const CANARY_CLIPS = ['call', 'bedroom', 'time', 'door'] as const;

/** A session through the balancer, with the replica that took it (the 101's `x-earshot-replica`). */
interface Session {
  readonly client: TestClient;
  readonly replica: string;
}

/** Opens a session through `url` and configures it for manual commits (24 kHz PCM16). */
async function openSession(url: string): Promise<Session> {
  let replica = '';
  const client = await openClient(url, [], {}, (res: IncomingMessage) => {
    replica = String(res.headers[REPLICA_HEADER] ?? '');
  });
  const created = await client.next('session.created', T);
  const model = (created.session as { audio: { input: { transcription: { model: string } } } }).audio.input
    .transcription.model;
  await configure(client, model);
  return { client, replica };
}

/**
 * Speaks `utterances` (24 kHz) one after the other in real time: each is appended, held for its
 * duration, committed, and its transcript awaited; `onUtterance(i)` runs once utterance `i` is
 * appended. Resolves to the transcripts, or to null once the socket closed. Each utterance is one
 * append, so its final decode is one unforced decode of its audio: what it transcribes does not
 * depend on how loaded the machine is, and two runs are comparable word for word.
 */
async function speak(
  session: Session,
  utterances: readonly Float32Array[],
  onUtterance?: (index: number) => void,
): Promise<string[] | null> {
  const transcripts: string[] = [];
  for (const [index, samples] of utterances.entries()) {
    if (session.client.closed !== null) return null;
    const from = session.client.events.length;
    appendAudio(session.client, samples, 1);
    onUtterance?.(index);
    await new Promise((resolve) => setTimeout(resolve, (samples.length / 24000) * 1000));
    session.client.send({ type: 'input_audio_buffer.commit' });
    try {
      const committed = await session.client.next('input_audio_buffer.committed', T, from);
      const completed = await session.client.waitFor(
        (e) =>
          e.type === 'conversation.item.input_audio_transcription.completed' &&
          e.item_id === committed.item_id,
        T,
        from,
      );
      transcripts.push(String(completed.transcript));
    } catch (error) {
      if (session.client.closed !== null) return null;
      throw error;
    }
  }
  return transcripts;
}

async function readyz(replica: ServeProcess): Promise<ReplicaLoad> {
  return (await (await fetch(`${replica.base}/readyz`)).json()) as ReplicaLoad;
}

describe.skipIf(!HAPROXY || !MODEL_READY)(
  `${REPLICAS} replicas behind HAProxy (deploy/haproxy/haproxy.cfg)${
    HAPROXY
      ? MODEL_READY
        ? ''
        : ` — ${MODEL_MISSING}`
      : ' — haproxy is not installed (scripts/ensure-test-debs.sh installs it): skipped'
  }`,
  () => {
    const replicas: ServeProcess[] = [];
    let haproxy: HaproxyProcess;

    beforeAll(async () => {
      for (let i = 0; i < REPLICAS; i++) {
        // One replica after the other: each loads the model, and the machine may be small.
        const replica = await spawnServe([
          '--log-level',
          'warn',
          '--idle-timeout',
          '0',
          '--max-sessions',
          '16',
        ]);
        replicas.push(replica);
      }
      // Each replica goes by its default name, <hostname>:<port> (read back from its /readyz).
      haproxy = await spawnHaproxy(
        Object.fromEntries(replicas.map((r, i) => [`EARSHOT_REPLICA_${i + 1}`, `127.0.0.1:${r.port}`])),
      );
      // Every server UP after a real /readyz check (L7OK), not just the initial state.
      await eventually(async () => {
        const states = await backendStates(haproxy).catch(() => new Map());
        return (
          states.size === REPLICAS &&
          [...states.values()].every((s) => s.status === 'UP' && s.check === 'L7OK')
        );
      }, 60_000);
    }, 180_000);

    afterAll(async () => {
      if (haproxy !== undefined) await stopProcess(haproxy.child, 'SIGTERM');
      for (const replica of replicas) await stopProcess(replica.child);
    });

    it('spreads sessions over the replicas; a replica killed mid-stream closes only its sessions, which reconnect onto the others; the canary is unaffected', async () => {
      const ids = await Promise.all(replicas.map(async (r) => (await readyz(r)).replica));
      const sessions: Session[] = [];
      for (let i = 0; i < SESSIONS; i++) sessions.push(await openSession(haproxy.realtime));

      const perReplica = () => ids.map((id) => sessions.filter((s) => s.replica === id).length);
      // Six sessions opened one after the other land two on each replica.
      expect(perReplica()).toEqual([2, 2, 2]);
      expect((await Promise.all(replicas.map(readyz))).map((load) => load.sessions)).toEqual([2, 2, 2]);
      // Least connections, not round robin: when the two sessions of one replica end, the next two
      // sessions go there, to the replica holding the fewest.
      const emptiedIndex = ids.findLastIndex((id) => id !== sessions[0]?.replica);
      const emptied = ids[emptiedIndex];
      for (const session of sessions.filter((s) => s.replica === emptied)) {
        session.client.socket.close(1000);
        await session.client.waitClosed(T);
        sessions.splice(sessions.indexOf(session), 1);
      }
      await eventually(async () => (await readyz(replicas[emptiedIndex] as ServeProcess)).sessions === 0, T);
      for (let i = 0; i < 2; i++) sessions.push(await openSession(haproxy.realtime));
      expect(sessions.slice(-2).map((s) => s.replica)).toEqual([emptied, emptied]);
      expect(perReplica()).toEqual([2, 2, 2]);

      const canary = sessions[0] as Session;
      const utterances = CANARY_CLIPS.map((clip) => at24k(fixture16k(clip)));
      // The canary's transcripts with nothing killed.
      const baseline = await speak(canary, utterances);
      expect(baseline).toHaveLength(CANARY_CLIPS.length);
      for (const [i, clip] of CANARY_CLIPS.entries())
        expect(wordErrorRate(CLIPS[clip], baseline?.[i] ?? '')).toBeLessThanOrEqual(0.15);

      // The victim: a replica the canary is not on. Its two sessions speak too, and are cut.
      const victimIndex = ids.findIndex((id) => id !== canary.replica);
      const victim = replicas[victimIndex] as ServeProcess;
      const victimId = ids[victimIndex];
      const onVictim = sessions.filter((s) => s.replica === victimId);
      const others = sessions.filter((s) => s !== canary && s.replica !== victimId);
      expect(onVictim).toHaveLength(2);
      // Each victim client reconnects as soon as its socket closes, through the balancer, which
      // may still count the dead replica as UP (its checks have not failed yet): the connection
      // it refuses is retried on a live replica.
      const timer = at24k(fixture16k('timer'));
      const reconnected = onVictim.map(async (session) => {
        const cut = await speak(session, [...utterances, ...utterances]);
        const again = await openSession(haproxy.realtime);
        const transcript = await transcribeSamples(again.client, timer, T);
        again.client.socket.close(1000);
        return { cut, close: session.client.closed, replica: again.replica, transcript };
      });
      let killed: Promise<void> | null = null;
      const during = await speak(canary, utterances, (index) => {
        // Halfway through the canary's speech, the victim dies without a word.
        if (index === 2) killed = stopProcess(victim.child, 'SIGKILL');
      });
      expect(killed).not.toBeNull();
      await killed;
      const victims = await Promise.all(reconnected);

      // The canary never noticed: the same transcripts, no error, still open.
      expect(during).toEqual(baseline);
      expect(canary.client.closed).toBeNull();
      expect(canary.client.ofType('error')).toEqual([]);

      // Only the victim's sessions saw a close, an abnormal one (no close frame: it died); they
      // went on on a live replica and got their transcripts.
      for (const victimSession of victims) {
        expect(victimSession.cut).toBeNull();
        expect(victimSession.close?.code).toBe(1006);
        expect(victimSession.replica).not.toBe(victimId);
        expect(ids).toContain(victimSession.replica);
        expect(wordErrorRate(CLIPS.timer, victimSession.transcript)).toBeLessThanOrEqual(0.15);
      }
      for (const session of others) expect(session.client.closed).toBeNull();
      // The sessions on the other replicas still work.
      for (const session of others) {
        const transcript = await transcribeSamples(session.client, at24k(fixture16k('time')), T);
        expect(wordErrorRate(CLIPS.time, transcript)).toBeLessThanOrEqual(0.15);
      }
      // And HAProxy took the dead replica out of the rotation.
      await eventually(
        async () => (await backendStates(haproxy)).get(`replica${victimIndex + 1}`)?.status === 'DOWN',
        T,
      );
      for (const session of [canary, ...others]) session.client.socket.close(1000);
    }, 180_000);

    it('drains a replica on SIGTERM: its session closes with 1001 through the balancer, the client goes on elsewhere', async () => {
      const live = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
      expect(live.length).toBeGreaterThanOrEqual(2);
      const ids = await Promise.all(live.map(async (r) => (await readyz(r)).replica));
      await eventually(async () => (await Promise.all(live.map(readyz))).every((l) => l.sessions === 0), T);
      const sessions: Session[] = [];
      for (let i = 0; i < live.length; i++) sessions.push(await openSession(haproxy.realtime));
      const target = live[0] as ServeProcess;
      const onTarget = sessions.find((s) => s.replica === ids[0]);
      if (onTarget === undefined) throw new Error('no session on the first live replica');
      target.child.kill('SIGTERM');
      expect(await onTarget.client.waitClosed(T)).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(await target.exited).toBe(0);
      for (const session of sessions.filter((s) => s !== onTarget)) expect(session.client.closed).toBeNull();
      const again = await openSession(haproxy.realtime);
      expect(again.replica).not.toBe(ids[0]);
      const transcript = await transcribeSamples(again.client, at24k(fixture16k('door')), T);
      expect(wordErrorRate(CLIPS.door, transcript)).toBeLessThanOrEqual(0.15);
      for (const session of [...sessions, again]) session.client.socket.close(1000);
    }, 120_000);
  },
);
