// Date-ranged templates that leave a gap: warned about by validation (rota validate), at import and
// in the warnings of a plan that falls in the gap; days on which no template would have run are no gap.
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { compileProblem } from '../../src/service-file/compile.ts';
import { templateGapWarnings, templateGaps } from '../../src/service-file/template-gaps.ts';
import type { ServiceFile } from '../../src/service-file/types.ts';
import { validateServiceFile } from '../../src/service-file/validate.ts';
import { minimalFile } from './minimal-file.ts';

function redCross(): ServiceFile {
  const r = validateServiceFile(JSON.parse(readFileSync(new URL('../../fixtures/red-cross-7-day.json', import.meta.url), 'utf8')));
  if (!r.ok) throw new Error('fixture invalid');
  return r.value;
}

/** Red Cross with the winter late shift ending 31 March and the summer one starting 1 May. */
function aprilGap(): ServiceFile {
  const file = redCross();
  file.templates.find((t) => t.id === 'tpl-late-winter')!.validUntil = '2027-03-31';
  file.templates.find((t) => t.id === 'tpl-late')!.validFrom = '2027-05-01';
  return file;
}

const APRIL =
  'no late sessions at Nottingham community base from Thu 1 Apr 2027 to Fri 30 Apr 2027 (30 days): ' +
  '"Late shift (winter)" (tpl-late-winter) ends 2027-03-31 and "Late shift" (tpl-late) starts 2027-05-01; ' +
  'check the dates, or add a template for the days between';

describe('date-ranged templates that leave a gap', () => {
  it('are silent for the fixture, whose autumn, winter and spring late shifts meet', () => {
    expect(templateGaps(redCross())).toEqual([]);
  });

  it('warn about April left without late shifts, naming both templates and the days', () => {
    const file = aprilGap();
    expect(templateGapWarnings(file)).toEqual([{ path: 'templates[2].validFrom', message: APRIL }]);
  });

  it('ignore days on which neither template would have run', () => {
    const file = redCross();
    // Autumn runs Fridays and Saturdays to Sunday 29 Nov; winter (daily) starts Wednesday 2 Dec.
    const autumn = file.templates.find((t) => t.id === 'tpl-late-autumn')!;
    const winter = file.templates.find((t) => t.id === 'tpl-late-winter')!;
    autumn.validUntil = '2026-11-29';
    winter.validFrom = '2026-12-02';
    winter.rrule = 'FREQ=WEEKLY;BYDAY=FR,SA';
    expect(templateGaps(file)).toEqual([]);
    // Daily in winter, Monday and Tuesday would have had a late shift: that is a gap.
    winter.rrule = 'FREQ=DAILY';
    expect(templateGaps(file).map((g) => [g.from, g.to])).toEqual([['2026-11-30', '2026-12-01']]);
  });

  it('follow a kind that moved between sites, and leave a kind that runs all year at another site alone', () => {
    const file = minimalFile();
    const base = file.templates[0];
    file.templates = [
      { ...base, id: 'hub-winter', siteId: 'hub', validUntil: '2027-03-31' },
      { ...base, id: 'annex-summer', siteId: 'annex', validFrom: '2027-05-01' },
    ];
    expect(templateGaps(file)).toMatchObject([{ kind: 'drop-in', siteId: null, from: '2027-04-01', to: '2027-04-30' }]);
    file.templates.push({ ...base, id: 'hub-all-year', siteId: 'hub' });
    expect(templateGaps(file)).toEqual([]);
  });

  it('show in the warnings of a plan for a week in the gap, and not of a week outside it', () => {
    const file = aprilGap();
    expect(compileProblem(file, { weekStart: '2027-04-12' }).warnings).toContain(`the plan falls in a gap between date-ranged templates: ${APRIL}`);
    expect(compileProblem(file, { weekStart: '2027-03-08' }).warnings.filter((w) => w.includes('gap'))).toEqual([]);
  });

  it('are printed by rota validate, which still exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rota-gaps-'));
    const path = join(dir, 'gap.json');
    writeFileSync(path, JSON.stringify(aprilGap()));
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true, isTTY: false }, clock: () => 0 };
    expect(await main(['validate', path], io)).toBe(0);
    expect(out).toContain(`  warning: templates[2].validFrom: ${APRIL}\n`);
  });
});
