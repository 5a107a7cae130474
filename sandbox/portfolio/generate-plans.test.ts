import { generatePortfolio } from './generate-portfolio';
import { companyPlanProperties, planStats } from './generate-plans';

const asOf = new Date('2026-11-01T00:00:00Z');

describe('the generated account plans (M)', () => {
  const p = generatePortfolio({ size: 'M', seed: 42, asOf });
  const base = { seed: p.seed, asOf: asOf.getTime(), companyStrategic: p.companyStrategic };
  const stats = planStats(base, p.companyStrategic.length);

  it('when M is generated, then a few plans exist, mostly on the strategic accounts, some overdue and some with junk review dates', () => {
    let onStrategic = 0;
    for (let i = 0; i < p.companyStrategic.length; i += 1) {
      if (companyPlanProperties(base, i)['keyline_plan_objectives'] !== undefined && p.companyStrategic[i] === 1) onStrategic += 1;
    }
    expect(stats.plans).toBeGreaterThan(40);
    expect(stats.plans).toBeLessThan(200); // a few, not every account
    expect(onStrategic / stats.plans).toBeGreaterThan(0.6);
    expect(stats.overdue).toBeGreaterThan(5);
    expect(stats.junkReviewDate).toBeGreaterThan(0);
    expect(stats.noReviewDate).toBeGreaterThan(0);
  });

  it('when a company has a plan, then the sandbox serves it as the company record\'s properties', () => {
    const i = Array.from({ length: p.companyStrategic.length }, (_, k) => k).find((k) => companyPlanProperties(base, k)['keyline_plan_objectives'] !== undefined)!;
    expect(p.materialize('companies', i).properties).toMatchObject(companyPlanProperties(base, i));
  });
});
