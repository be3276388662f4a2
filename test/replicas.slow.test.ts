import { expect, it } from 'vitest';
import { describePostgres } from './support/postgres.ts';
import { runReplicaScenario } from './support/replicas.ts';

describePostgres('two replicas on one PostgreSQL (slow: two app processes, 1,000 messages, one SIGKILL)', () => {
  it('answers each message once, posts each ticket once, and loses nothing when a replica is killed', async () => {
    const figures = await runReplicaScenario({ messages: 1000, tickets: 50 });
    console.log(`replica test: ${JSON.stringify(figures)}`);
    expect(figures).toMatchObject({
      answers: 1000,
      messagesWithoutAnswer: 0,
      duplicateAnswers: 0,
      cards: 50,
      duplicateCards: 0,
      uniqueTicketNumbers: 50,
      sourceReplies: 50,
      duplicateSourceReplies: 0,
      jobsLeft: 0,
    });
  }, 180_000);
});
