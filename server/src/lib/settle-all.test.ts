import { settleAll } from './settle-all';

describe('settleAll', () => {
  it('when every promise resolves, then it answers their values in order, as Promise.all', async () => {
    await expect(settleAll([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([1, 'two']);
  });

  it('when one promise rejects early, then it rejects with that error only after the others have settled', async () => {
    const order: string[] = [];
    const slow = new Promise<void>((resolve) => setTimeout(() => {
      order.push('sibling settled');
      resolve();
    }, 30));
    const failing = Promise.reject(new Error('429 after every retry'));
    await expect(settleAll([failing, slow]).catch((e: Error) => {
      order.push(`rejected: ${e.message}`);
      throw e;
    })).rejects.toThrow('429 after every retry');
    expect(order).toEqual(['sibling settled', 'rejected: 429 after every retry']);
  });
});
