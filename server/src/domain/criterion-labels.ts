import type { Criterion } from './types';

/** How each criterion is named to people (cards, explanations, docs). */
export const CRITERION_LABELS: Readonly<Record<Criterion, string>> = {
  recurring_revenue: 'Recurring revenue',
  growth_pipeline: 'Growth pipeline',
  revenue_growth: 'Revenue growth',
  product_fit: 'Product fit',
  geo_focus: 'Geographic focus',
  partner_potential: 'Partner potential',
  financial_size: 'Financial size',
  relationship: 'Relationship',
  engagement_recency: 'Engagement recency',
};
