import { indexPrefixOf, serviceIndexTemplate, spanIndexTemplate } from './mappings';
import { JAEGER_TAGS_POLICY, WAYMARK_TAGS_POLICY } from './tags-policy';

const options = { indexPrefix: 'prod', shards: 3, replicas: 1, refreshInterval: '5s', tagsPolicy: WAYMARK_TAGS_POLICY, totalFieldsLimit: 3000 };

describe('index templates', () => {
  it("adds Jaeger's '-' to a prefix unless it is there", () => {
    expect(['', 'prod', 'prod-'].map(indexPrefixOf)).toEqual(['', 'prod-', 'prod-']);
  });

  it("maps the span index like Jaeger's jaeger-span-8.json, plus the waymark extras", () => {
    const { name, body } = spanIndexTemplate(options);
    expect(name).toBe('prod-jaeger-span');
    expect(body.index_patterns).toEqual(['prod-jaeger-span-*']);
    expect(body.priority).toBe(0);
    const mappings = body.template.mappings as Record<string, Record<string, Record<string, unknown>>>;
    const properties = mappings['properties'] ?? {};
    expect(properties['traceID']).toEqual({ type: 'keyword', ignore_above: 256 });
    expect(properties['startTime']).toEqual({ type: 'long' });
    expect(properties['startTimeMillis']).toEqual({ type: 'date', format: 'epoch_millis' });
    expect(properties['duration']).toEqual({ type: 'long' });
    expect(properties['flags']).toEqual({ type: 'integer' });
    expect(properties['tags']).toMatchObject({ type: 'nested', dynamic: false });
    expect(properties['references']).toMatchObject({ type: 'nested', dynamic: false });
    expect(properties['logs']).toMatchObject({ type: 'nested', dynamic: false, properties: { fields: { type: 'nested', dynamic: false } } });
    expect(properties['process']).toMatchObject({ properties: { serviceName: { type: 'keyword' }, tag: { type: 'object' }, tags: { type: 'nested' } } });
    expect(properties['tag']).toEqual({ type: 'object' });
    expect(properties['waymark']).toEqual({ type: 'object', enabled: false });
    expect(mappings['dynamic_templates']).toEqual([
      { span_tags_map: { mapping: { type: 'keyword', ignore_above: 256 }, path_match: 'tag.*' } },
      { process_tags_map: { mapping: { type: 'keyword', ignore_above: 256 }, path_match: 'process.tag.*' } },
    ]);
  });

  it('caps dynamic tag fields only for the tags-as-fields layout', () => {
    expect(spanIndexTemplate(options).body.template.settings).toEqual({
      'index.number_of_shards': 3,
      'index.number_of_replicas': 1,
      'index.mapping.nested_fields.limit': 50,
      'index.requests.cache.enable': true,
      'index.refresh_interval': '5s',
      'index.mapping.total_fields.limit': 3000,
      'index.mapping.total_fields.ignore_dynamic_beyond_limit': true,
    });
    const nested = spanIndexTemplate({ ...options, tagsPolicy: JAEGER_TAGS_POLICY, refreshInterval: undefined }).body.template.settings;
    expect(nested).toEqual({ 'index.number_of_shards': 3, 'index.number_of_replicas': 1, 'index.mapping.nested_fields.limit': 50, 'index.requests.cache.enable': true });
  });

  it('maps the service index to two keywords', () => {
    const { name, body } = serviceIndexTemplate({ indexPrefix: '', shards: 1, replicas: 0, priority: 2 });
    expect(name).toBe('jaeger-service');
    expect(body.index_patterns).toEqual(['jaeger-service-*']);
    expect(body.priority).toBe(2);
    expect(body.template.mappings['properties']).toEqual({ serviceName: { type: 'keyword', ignore_above: 256 }, operationName: { type: 'keyword', ignore_above: 256 } });
  });

  it('uses only server-core features (no analyzers, scripts, pipelines or x-pack field types)', () => {
    const text = JSON.stringify([spanIndexTemplate(options), serviceIndexTemplate(options)]);
    expect(text).not.toMatch(/analy[sz]|script|pipeline|flattened|wildcard|constant_keyword|runtime/);
  });
});
