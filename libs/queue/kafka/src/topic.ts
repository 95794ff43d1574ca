import type { Admin } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic configs, e.g. `min.insync.replicas`, `retention.ms`. */
  readonly config?: Readonly<Record<string, string>>;
}

/**
 * Creates the topic if it does not exist and waits for its leaders. An existing topic is left as
 * it is (its partition count is reported, never changed: changing it would move traces between
 * partitions).
 */
export async function ensureTopic(admin: Admin, spec: TopicSpec): Promise<{ created: boolean; partitions: number }> {
  const existing = await admin.fetchTopicMetadata({ topics: [] });
  const found = existing.topics.find((topic) => topic.name === spec.topic);
  if (found) return { created: false, partitions: found.partitions.length };
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  return { created, partitions: spec.partitions };
}
