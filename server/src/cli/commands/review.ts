/**
 * `keyline review`: the model review (issue #15) — does the segmentation pick the accounts that grow? Each tier
 * against the rest, each criterion's separation with sample sizes, the accounts whose tier and outcome disagree, and
 * suggestions with model patches. Records that a review was run (the next sync closes the reminder task). `--json`
 * prints what `GET /api/v1/review` answers. Reads only the store; the use case and the formatter are loaded when the
 * command runs.
 */
import type { Command } from 'commander';
import { withStore } from '../open-keyline';
import { print, type GlobalOptions } from '../output';

export function addReviewCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('review')
    .description('the model review: does each tier and criterion match what happened (retention, expansion, NPS)? suggests, never changes')
    .option('--json', 'machine-readable output (what GET /api/v1/review answers)')
    .action(async (opts: { json?: boolean }) => {
      const [{ runModelReview }, { formatReview }] = await Promise.all([import('../../use-cases/review-model'), import('../format-review')]);
      await withStore(async (k) => {
        const review = await runModelReview(k, { now: new Date(), by: 'cli' });
        print(globals().json === true || opts.json === true ? JSON.stringify(review, null, 2) : formatReview(review));
      });
    });
}
