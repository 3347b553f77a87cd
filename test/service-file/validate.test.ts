import { describe, expect, it } from 'vitest';
import { pointerToPath, validateServiceFile } from '../../src/service-file/validate.ts';
import { minimalFile } from './minimal-file.ts';

function errorsOf(json: unknown) {
  const result = validateServiceFile(json);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

describe('validateServiceFile', () => {
  it('accepts a well-formed file and returns it', () => {
    const file = minimalFile();
    const result = validateServiceFile(file);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.staff[0].id).toBe('ann');
  });

  it('reports every schema problem with a dotted JSON path, not just the first', () => {
    const file = minimalFile() as any;
    file.staff[1].contractMinutesPerWeek = 'lots';
    file.staff[0].costPencePerHour = 12.5;
    file.staff[1].favouriteColour = 'green';
    file.templates[0].startTime = '25:00';
    delete file.templates[0].name;
    file.staff[0].skills[1].validUntil = '2026-02-30';
    const errors = errorsOf(file);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'staff[1].contractMinutesPerWeek', message: 'must be a number' },
        { path: 'staff[0].costPencePerHour', message: 'must be a whole number' },
        { path: 'staff[1].favouriteColour', message: 'is not a known field' },
        { path: 'templates[0].startTime', message: 'must be a local time HH:mm (00:00 to 23:59)' },
        { path: 'templates[0].name', message: 'is required' },
        { path: 'staff[0].skills[1].validUntil', message: 'must be a real date YYYY-MM-DD' },
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('rejects a non-object with a path to the whole file', () => {
    expect(errorsOf(42)).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('checks references, duplicate ids, demand ranges, RRULEs and the time zone', () => {
    const file = minimalFile() as any;
    file.timeZone = 'Europe/Londres';
    file.staff[1].id = 'ann';
    file.staff[1].roles.push('chef');
    file.staff[1].refusedSiteIds = ['moon'];
    file.templates[0].demand[1].max = 0;
    file.templates[0].demand[0].skills = ['juggling'];
    file.templates[0].rrule = 'FREQ=HOURLY';
    file.templates[0].durationMinutes = 420;
    delete file.staff[0].contractMinutesPerWeek;
    const errors = errorsOf(file);
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'timeZone',
        'staff[1].id',
        'staff[1].roles[1]',
        'staff[1].refusedSiteIds[0]',
        'templates[0].demand[1].max',
        'templates[0].demand[0].skills[0]',
        'templates[0].rrule',
        'templates[0]',
        'staff[0].contractMinutesPerWeek',
      ]),
    );
    expect(errors.find((e) => e.path === 'staff[1].roles[1]')?.message).toBe('refers to unknown role "chef"');
    expect(errors.find((e) => e.path === 'templates[0]')?.message).toMatch(/exactly one of endTime and durationMinutes/);
  });

  it('reports reference problems in the same pass as shape problems', () => {
    const file = minimalFile() as any;
    file.staff[0].costPencePerHour = 'lots';
    file.staff[1].roles = ['chef'];
    file.templates[0].demand = 'everyone';
    file.sites = 'nowhere';
    const errors = errorsOf(file);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'staff[0].costPencePerHour', message: 'must be a number' },
        { path: 'staff[1].roles[0]', message: 'refers to unknown role "chef"' },
        { path: 'templates[0].demand', message: 'must be an array' },
        { path: 'sites', message: 'must be an array' },
      ]),
    );
    // With no usable sites, the site references cannot be judged twice over: one message per path.
    expect(new Set(errors.map((e) => `${e.path} ${e.message}`)).size).toBe(errors.length);
  });

  it('turns JSON pointers into dotted paths', () => {
    expect(pointerToPath('/staff/3/contractMinutesPerWeek')).toBe('staff[3].contractMinutesPerWeek');
    expect(pointerToPath('/sites/0/travelMinutes/site-b')).toBe('sites[0].travelMinutes["site-b"]');
  });
});
