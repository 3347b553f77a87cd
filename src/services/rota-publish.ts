// Publishing a rota: workers see their places and the hours become history for later weeks.
//  - The guard: a rota that breaks a hard rule (places below their minimum included) is refused
//    with 409 listing each breach in words, unless the manager overrides with a reason (audited).
//  - Places proposed for bank workers are not published: they become offers, the proposed worker
//    first in line and then the engine's ranking, or stay "to offer" if the manager says so.
//  - Publishing again with nothing new to publish changes nothing (200, nothing written).
// All of it in one write transaction: a stop half-way leaves the rota as it was.
import { notifyRotaPublished } from '../notifications/hooks.ts';
import * as repo from '../db/repositories/rota-repo.ts';
import { offersInTransaction } from '../offers/create.ts';
import type { OfferMode } from '../offers/state.ts';
import { actorName, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { BadRequestError, ConflictError } from './errors.ts';
import { actorLabel, type Judged, type RotaCore, type Tx } from './rota-core.ts';
import { storeCarried } from './rota-store.ts';
import { evaluate } from './rota-rules.ts';
import { rotaSummary, type RotaSummary } from './rota-views.ts';

export interface PublishInput {
  note?: string;
  /** Publish although the rota breaks hard rules; needs a reason. */
  override?: boolean;
  reason?: string;
  /** What becomes of places proposed for bank workers: sent as offers (default), or kept "to offer". */
  bankPlaces?: 'offer' | 'to-offer';
  offerMode?: OfferMode;
  /** Each worker's answer window for the offers sent (default a day; never past the session start). */
  offerTtlMinutes?: number;
}

export interface PublishResult extends RotaSummary {
  /** What this publish did; all zero and empty when the rota was already published as it stands. */
  publishing: {
    changed: boolean;
    placesPublished: number;
    offers: { offerId: string; places: { slotId: string; roleId: string }[]; offeredTo: string[] }[];
    /** Proposed places nobody may take now, with each bank worker's reasons: the place is open again. */
    notSent: { places: { slotId: string; roleId: string }[]; excluded: { staffId: string; name: string; reasons: readonly string[] }[] }[];
    /** Proposed places left for the manager to offer later. */
    toOffer: number;
    /** Hard breaches published anyway (override). */
    overriddenBreaches: string[];
  };
}

const DEFAULT_OFFER_TTL_MINUTES = 24 * 60;

export function publishRota(core: RotaCore, actor: Actor, rotaId: string, input: PublishInput): PublishResult {
  if (input.override === true && !input.reason?.trim()) {
    throw new BadRequestError('publishing over hard breaches needs a reason', [{ path: 'body.reason', message: 'required when override is true' }]);
  }
  const sendOffers = input.bankPlaces !== 'to-offer';
  const nothing = { changed: false, placesPublished: 0, offers: [], notSent: [], toOffer: 0, overriddenBreaches: [] };
  const result = core.db.transaction(
    (tx) => {
      // Read inside the write transaction: another process on the same database may publish too.
      const rota = core.mustGetRota(rotaId, tx);
      core.assertNotSolving(rota);
      if (!core.hasPlan(rota)) throw new ConflictError(`rota ${rotaId} has no finished plan to publish; re-plan it first`);
      const other = repo.otherPublishedRota(tx, rota);
      if (other) {
        throw new ConflictError(`rota ${other.id} is already published for ${rota.serviceId} in the week of ${rota.weekStart}`, {
          publishedRotaId: other.id,
        });
      }
      // A session the worker accepted (or was published) in another version of the week is theirs
      // here too: stored now, so it is published with the rest.
      const judged = core.judge(rota, tx);
      const carried = judged.carried.length > 0 ? storeCarried(core, tx, rota, judged.compiled, judged.carried) : 0;
      const rows = repo.listAssignments(tx, rotaId);
      const toPublish = rows.filter((a) => !a.published && !a.proposed);
      const proposals = rows.filter((a) => a.proposed);
      if (rota.publishedAt !== null && carried === 0 && toPublish.length === 0 && (proposals.length === 0 || !sendOffers)) {
        return { ...nothing, toOffer: proposals.length };
      }
      const breaches = hardBreaches(judged);
      if (breaches.length > 0 && input.override !== true) {
        throw new ConflictError(
          `rota ${rotaId} breaks ${breaches.length} hard rule${breaches.length === 1 ? '' : 's'}: ${breaches.join('; ')}. ` +
            'Fix them, or send "override": true with a "reason" to publish anyway.',
          { breaches },
        );
      }
      repo.publishAssignments(tx, rotaId, toPublish.map((a) => a.id));
      notifyRotaPublished(tx, rotaId, core.now());
      const sent = sendOffers && proposals.length > 0
        ? offersInTransaction(
            core.db,
            { name: actorName(actor) },
            rotaId,
            { mode: input.offerMode ?? 'cascade', ttlMinutes: input.offerTtlMinutes ?? DEFAULT_OFFER_TTL_MINUTES, proposedOnly: true },
            core.now().getTime(),
          )
        : undefined;
      const at = core.iso();
      repo.updateRota(tx, rotaId, { publishedAt: rota.publishedAt ?? at, publishedBy: rota.publishedBy ?? actorLabel(actor), updatedAt: at });
      const publishing = publishingView(toPublish.length, sent, sendOffers ? 0 : proposals.length, breaches);
      recordPublish(core, tx, actor, rota, input, publishing);
      // Published places are fixed facts for the other versions of the week and the weeks either side.
      repo.markNeighbourWeeksChanged(tx, rota.serviceId, rota.weekStart);
      core.rescore(tx, rotaId);
      return { ...publishing, warm: sent?.warm };
    },
    { behavior: 'immediate' },
  );
  const { warm, ...publishing } = result as typeof result & { warm?: () => void };
  warm?.();
  return { ...rotaSummary(core.mustGetRota(rotaId)), publishing };
}

type Publishing = PublishResult['publishing'];

/** What a publish did, as the answer says it (the offers sent with their places, the ones not sent and why). */
function publishingView(
  placesPublished: number,
  sent: ReturnType<typeof offersInTransaction> | undefined,
  toOffer: number,
  breaches: string[],
): Publishing {
  return {
    changed: true,
    placesPublished,
    offers: (sent?.offers ?? []).map((o) => ({ offerId: o.offerId, places: o.places.map((p) => ({ ...p })), offeredTo: [...o.offeredTo] })),
    notSent: (sent?.notSent ?? []).map((n) => ({
      places: n.places.map((p) => ({ ...p })),
      excluded: n.excluded.map((e) => ({ staffId: e.workerId, name: e.workerName, reasons: e.reasons })),
    })),
    toOffer,
    overriddenBreaches: breaches,
  };
}

function recordPublish(core: RotaCore, tx: Tx, actor: Actor, rota: { id: string; serviceId: string }, input: PublishInput, publishing: Publishing): void {
  const breaches = publishing.overriddenBreaches;
  recordAudit(tx, core.now(), {
    actor,
    action: breaches.length > 0 ? 'rota.publish.override' : 'rota.publish',
    entity: 'rota',
    entityId: rota.id,
    serviceId: rota.serviceId,
    reason: input.reason ?? input.note ?? null,
    details: {
      ...(input.note ? { note: input.note } : {}),
      placesPublished: publishing.placesPublished,
      offers: publishing.offers.map((o) => o.offerId),
      notSent: publishing.notSent.length,
      toOffer: publishing.toOffer,
      ...(breaches.length > 0 ? { overriddenBreaches: breaches } : {}),
    },
  });
}

/** Every hard breach of the rota as it stands, in words (places below their minimum among them). */
function hardBreaches({ problem, current }: Judged): string[] {
  return evaluate(problem, current)
    .analysis.filter((c) => c.level === 'hard')
    .flatMap((c) => c.matches.map((m) => m.message));
}
