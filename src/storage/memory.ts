/**
 * In-process storage for tests and one-off runs. Updates replace a trial's object instead of
 * mutating it, so a trial handed out with `deepcopy: false` is a stable snapshot and the hot path of
 * a sampler (reading every trial on each ask) copies nothing.
 */
import { StorageError, StudyError } from '../errors.js';
import type { Distribution } from '../study/distributions.js';
import { cloneTrial, type FrozenTrial, type JsonValue, type TrialTemplate } from '../study/frozen-trial.js';
import type { TrialState } from '../study/trial-state.js';
import type { GetTrialsOptions, Storage, StudyDirection, StudyInfo, TrialEdit } from './storage.js';
import {
  assertUnfinished,
  beatsBest,
  buildTrial,
  canMove,
  editAll,
  editAttr,
  editClaim,
  editIntermediate,
  editParam,
  editStaleFail,
  editStateValues,
  isStale,
  type MutableTrial,
} from './trial-record.js';
import { WaitingQueue } from './waiting-queue.js';

interface StudyRecord {
  studyId: number;
  name: string;
  directions: StudyDirection[];
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  trials: FrozenTrial[];
  /** trialId of the best COMPLETE trial (single objective), kept as trials finish. */
  bestTrialId: number | null;
  waiting: WaitingQueue;
}

export class MemoryStorage implements Storage {
  private readonly studies = new Map<number, StudyRecord>();
  private readonly byName = new Map<string, number>();
  /** trialId → [studyId, number] */
  private readonly trialIndex = new Map<number, [number, number]>();
  private nextStudyId = 0;
  private nextTrialId = 0;
  private closed = false;

  /** Clock used for datetimes and heartbeats (replaceable in tests). */
  constructor(private readonly now: () => number = Date.now) {}

  private open(): void {
    if (this.closed) throw new StorageError('ERR_STORAGE_CLOSED', 'this storage was closed; create a new one');
  }

  private study(studyId: number): StudyRecord {
    this.open();
    const s = this.studies.get(studyId);
    if (!s) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study with id ${studyId}`, { studyId });
    return s;
  }

  private locate(trialId: number): [StudyRecord, number] {
    this.open();
    const at = this.trialIndex.get(trialId);
    if (!at) throw new StudyError('ERR_TRIAL_NOT_FOUND', `no trial with id ${trialId}`, { trialId });
    return [this.studies.get(at[0])!, at[1]];
  }

  /** Replace a RUNNING/WAITING trial by an updated copy; finished trials refuse. */
  private update(trialId: number, change: (t: MutableTrial) => void): void {
    const [s, n] = this.locate(trialId);
    const old = s.trials[n]!;
    assertUnfinished(old);
    const next = { ...old } as MutableTrial;
    change(next);
    s.trials[n] = next;
  }

  async createStudy(name: string, directions: readonly StudyDirection[]): Promise<number> {
    this.open();
    if (this.byName.has(name)) throw new StudyError('ERR_STUDY_EXISTS', `a study named "${name}" already exists; pass loadIfExists: true to reuse it`, { name });
    const studyId = this.nextStudyId++;
    this.studies.set(studyId, { studyId, name, directions: [...directions], userAttrs: {}, systemAttrs: {}, trials: [], bestTrialId: null, waiting: new WaitingQueue() });
    this.byName.set(name, studyId);
    return studyId;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const s = this.study(studyId);
    for (const t of s.trials) this.trialIndex.delete(t.trialId);
    this.studies.delete(studyId);
    this.byName.delete(s.name);
  }

  async getStudyIdFromName(name: string): Promise<number> {
    this.open();
    const id = this.byName.get(name);
    if (id === undefined) throw new StudyError('ERR_STUDY_NOT_FOUND', `no study named "${name}"`, { name });
    return id;
  }

  async getStudyNameFromId(studyId: number): Promise<string> {
    return this.study(studyId).name;
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    return [...this.study(studyId).directions];
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.study(studyId).userAttrs[key] = structuredClone(value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.study(studyId).systemAttrs[key] = structuredClone(value);
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return structuredClone(this.study(studyId).userAttrs);
  }

  async getStudySystemAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return structuredClone(this.study(studyId).systemAttrs);
  }

  async getAllStudies(): Promise<StudyInfo[]> {
    this.open();
    return [...this.studies.values()].map((s) => ({
      studyId: s.studyId,
      name: s.name,
      directions: [...s.directions],
      userAttrs: structuredClone(s.userAttrs),
      systemAttrs: structuredClone(s.systemAttrs),
      nTrials: s.trials.length,
      datetimeStart: s.trials.reduce<number | null>((m, t) => (t.datetimeStart !== null && (m === null || t.datetimeStart < m) ? t.datetimeStart : m), null),
    }));
  }

  async createTrial(studyId: number, template: TrialTemplate = {}): Promise<FrozenTrial> {
    const s = this.study(studyId);
    const trialId = this.nextTrialId++;
    const number = s.trials.length;
    const trial = buildTrial(template, number, trialId, this.now());
    s.trials.push(trial);
    this.trialIndex.set(trialId, [studyId, number]);
    if (trial.state === 'COMPLETE') this.considerBest(s, trial);
    if (trial.state === 'WAITING') s.waiting.add(number);
    return cloneTrial(trial);
  }

  async claimWaitingTrial(studyId: number, options: { heartbeat?: boolean } = {}): Promise<FrozenTrial | null> {
    const s = this.study(studyId);
    const number = s.waiting.first((n) => s.trials[n]!.state === 'WAITING');
    if (number === null) return null;
    this.update(s.trials[number]!.trialId, editClaim(this.now(), options.heartbeat ?? false));
    return cloneTrial(s.trials[number]!);
  }

  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    this.update(trialId, editParam(name, internalValue, distribution));
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean> {
    const [s, n] = this.locate(trialId);
    const old = s.trials[n]!;
    if (!canMove(old.state, state)) return false;
    this.update(trialId, editStateValues(state, values, this.now()));
    if (state === 'COMPLETE') this.considerBest(s, s.trials[n]!);
    if (state === 'WAITING') s.waiting.add(n);
    return true;
  }

  private considerBest(s: StudyRecord, t: FrozenTrial): void {
    const best = s.bestTrialId === null ? null : s.trials[this.trialIndex.get(s.bestTrialId)![1]]!;
    if (beatsBest(s.directions, t, best)) s.bestTrialId = t.trialId;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    this.update(trialId, editIntermediate(step, value));
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.update(trialId, editAttr('userAttrs', key, value));
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.update(trialId, editAttr('systemAttrs', key, value));
  }

  async updateTrial(trialId: number, edits: readonly TrialEdit[]): Promise<void> {
    if (edits.length > 0) this.update(trialId, editAll(edits));
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const [s, n] = this.locate(trialId);
    return cloneTrial(s.trials[n]!);
  }

  async getTrialIdFromNumber(studyId: number, number: number): Promise<number> {
    const t = this.study(studyId).trials[number];
    if (!t) throw new StudyError('ERR_TRIAL_NOT_FOUND', `study ${studyId} has no trial number ${number}`, { studyId, number });
    return t.trialId;
  }

  async getAllTrials(studyId: number, options: GetTrialsOptions = {}): Promise<FrozenTrial[]> {
    const s = this.study(studyId);
    const from = Math.max(0, options.fromNumber ?? 0);
    const states = options.states;
    const out: FrozenTrial[] = [];
    for (let i = from; i < s.trials.length; i++) {
      const t = s.trials[i]!;
      if (states && !states.includes(t.state)) continue;
      out.push(t);
    }
    return options.deepcopy === false ? out : out.map(cloneTrial);
  }

  async getNTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    const s = this.study(studyId);
    if (!states) return s.trials.length;
    let n = 0;
    for (const t of s.trials) if (states.includes(t.state)) n++;
    return n;
  }

  async getBestTrial(studyId: number): Promise<FrozenTrial> {
    const s = this.study(studyId);
    if (s.directions.length !== 1) throw new StudyError('ERR_STUDY_MULTI_OBJECTIVE', 'a multi-objective study has no single best trial; use bestTrials()', { studyId });
    if (s.bestTrialId === null) throw new StudyError('ERR_STUDY_NO_COMPLETE_TRIALS', 'no trial has completed yet', { studyId });
    return cloneTrial(s.trials[this.trialIndex.get(s.bestTrialId)![1]]!);
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    const now = this.now();
    this.update(trialId, (t) => {
      t.heartbeat = now;
    });
  }

  async failStaleTrials(studyId: number, graceMs: number): Promise<FrozenTrial[]> {
    const s = this.study(studyId);
    const now = this.now();
    const failed: FrozenTrial[] = [];
    for (const t of s.trials) {
      if (!isStale(t, now, graceMs)) continue;
      this.update(t.trialId, editStaleFail(now, graceMs));
      failed.push(cloneTrial(s.trials[t.number]!));
    }
    return failed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
