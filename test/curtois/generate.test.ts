// The instance generator's two styles: the classic one stays the default with the instances every
// earlier table was measured on; the real one keeps a legal reference roster while its features fall
// in the ranges measured on the published instances.

import { describe, expect, it } from 'vitest';
import { instanceFeatures, outsidePublishedRanges } from '../../bench/curtois/features.ts';
import { BENCHMARK_SHAPES, generateInstance } from '../../bench/curtois/generate.ts';
import { parseCurtois } from '../../bench/curtois/parse.ts';
import { checkRoster, readInstance, readRoster } from './checker.ts';

const label = (s: { days: number; staff: number; shiftTypes: number }): string => `${s.days}x${s.staff}x${s.shiftTypes}`;

describe('generator, real style', () => {
  for (const shape of BENCHMARK_SHAPES) {
    it(`${label(shape)}: parses, its reference roster is legal and scored as reported, its features are the published ones`, () => {
      for (const seed of [1, 2]) {
        const g = generateInstance(shape, seed, 'real');
        const instance = parseCurtois(g.text);
        expect([instance.horizonDays, instance.staff.length, instance.shifts.length]).toEqual([shape.days, shape.staff, shape.shiftTypes]);
        expect(instance.cover).toHaveLength(shape.days * shape.shiftTypes);
        const check = checkRoster(readInstance(g.text), readRoster(g.referenceRoster));
        expect(check.violations).toEqual([]);
        expect(check.objective).toBe(g.referenceObjective);
        expect(outsidePublishedRanges(instanceFeatures(instance))).toEqual([]);
      }
    });
  }

  it('is reproducible from its seed and differs from seed to seed', () => {
    const shape = BENCHMARK_SHAPES[2];
    expect(generateInstance(shape, 5, 'real').text).toBe(generateInstance(shape, 5, 'real').text);
    expect(generateInstance(shape, 5, 'real').text).not.toBe(generateInstance(shape, 6, 'real').text);
  });

  it('keeps the reference roster legal on small shapes and many seeds (edge runs, few weekends)', () => {
    for (const shape of [
      { days: 7, staff: 3, shiftTypes: 1 },
      { days: 14, staff: 6, shiftTypes: 2 },
      { days: 28, staff: 10, shiftTypes: 3 },
    ]) {
      for (let seed = 1; seed <= 20; seed++) {
        const g = generateInstance(shape, seed, 'real');
        const check = checkRoster(readInstance(g.text), readRoster(g.referenceRoster));
        expect(check.violations, `${g.name}`).toEqual([]);
        expect(check.objective).toBe(g.referenceObjective);
      }
    }
  });
});

describe('generator, classic style', () => {
  it('stays the default and keeps the instances earlier tables measured (reference objectives of seed 1)', () => {
    for (const shape of BENCHMARK_SHAPES) expect(generateInstance(shape, 1).text).toBe(generateInstance(shape, 1, 'classic').text);
    expect(BENCHMARK_SHAPES.map((shape) => generateInstance(shape, 1).referenceObjective)).toEqual([
      15908, 8333, 2081, 21022, 22641, 51252, 174088, 192076,
    ]);
  });

  it('falls outside the published ranges on every shape (the cover and requests the real style fixes)', () => {
    for (const shape of BENCHMARK_SHAPES) {
      expect(outsidePublishedRanges(instanceFeatures(parseCurtois(generateInstance(shape, 1).text))), label(shape)).not.toEqual([]);
    }
  });
});
