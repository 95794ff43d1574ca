import type { Client, estypes } from '@elastic/elasticsearch';
import { serviceIndexTemplate, spanIndexTemplate } from '@waymark/span-translate';
import type { IndexTemplate, TagsAsFieldsPolicy } from '@waymark/span-translate';

/**
 * Settings of the indices Waymark creates. Defaults suit a single node (`1` shard, `0`
 * replicas: a replica could never be allocated and the cluster would stay yellow); production
 * clusters want 3–5 shards and at least 1 replica (Jaeger's defaults are 5 and 1), else one
 * lost disk loses spans that were acknowledged.
 */
export interface IndexSettings {
  readonly shards: number;
  readonly replicas: number;
  /** `index.refresh_interval` (e.g. `5s`: fewer, larger segments under load); absent keeps Elasticsearch's 1 s. */
  readonly refreshInterval?: string;
  /** Priority of the composable templates; raise it to win over other templates matching the same names. */
  readonly priority?: number;
  /** `index.mapping.total_fields.limit` of span indices in the tags-as-fields layout. */
  readonly totalFieldsLimit?: number;
  readonly tagsPolicy: TagsAsFieldsPolicy;
}

/** The two composable templates (span, service) of one index base. */
export function templatesFor(base: string, settings: IndexSettings): IndexTemplate[] {
  const common = { indexPrefix: base, shards: settings.shards, replicas: settings.replicas, refreshInterval: settings.refreshInterval, priority: settings.priority };
  return [spanIndexTemplate({ ...common, tagsPolicy: settings.tagsPolicy, totalFieldsLimit: settings.totalFieldsLimit }), serviceIndexTemplate(common)];
}

/** Something that makes sure an index base's templates exist before its first index is created. */
export interface TemplateEnsurer {
  ensure(base: string): Promise<void>;
}

/**
 * Installs the span and service index templates (`PUT _index_template/<base>jaeger-span`, …)
 * of each index base once per process. A PUT replaces the template, so installing again is
 * harmless and makes changed settings apply to the next daily index. Callers writing to a base
 * await `ensure(base)` first: an index created without its template would get dynamic mappings
 * (`traceID` as text) that no reader can query. Concurrent callers share one request; a failed
 * installation is forgotten, so the next call tries again.
 */
export class IndexTemplates implements TemplateEnsurer {
  private readonly installed = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Pick<Client, 'indices'>,
    private readonly settings: IndexSettings,
  ) {}

  ensure(base: string): Promise<void> {
    let pending = this.installed.get(base);
    if (!pending) {
      pending = this.install(base);
      this.installed.set(base, pending);
      pending.catch(() => this.installed.delete(base));
    }
    return pending;
  }

  private async install(base: string): Promise<void> {
    for (const template of templatesFor(base, this.settings)) {
      await this.client.indices.putIndexTemplate({
        name: template.name,
        index_patterns: [...template.body.index_patterns],
        priority: template.body.priority,
        template: template.body.template as estypes.IndicesPutIndexTemplateIndexTemplateMapping,
      });
    }
  }
}
