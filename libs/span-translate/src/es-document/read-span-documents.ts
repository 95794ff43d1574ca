import type { Span } from '@waymark/span-model';
import { DecodeError, DecodeResultBuilder, describeRejections } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { JaegerSpanConverter } from '../jaeger/jaeger-to-model';
import { parseEsDocument } from './parse-es-document';
import { jaegerRecordOf } from './read-jaeger-document';
import { readWaymarkDocument } from './read-waymark-document';
import { SharedParts } from './shared-parts';
import { DEFAULT_DOT_REPLACEMENT, isDotReplacement } from './tags-policy';
import { ExtrasMismatch } from './typed-value';

export interface SpanDocumentReadOptions {
  /**
   * The `es.tags-as-fields.dot-replacement` Jaeger wrote its documents with; default `@`.
   * Waymark's documents say theirs in their extras.
   */
  readonly dotReplacement?: string;
}

/**
 * Span documents (`_source`s of `jaeger-span-*` hits) → model spans, in the order given. Reads
 * every layout: Waymark's (tags as fields, with `waymark` extras: exact), Jaeger's default
 * (everything nested) and Jaeger's tags-as-fields or mixed layouts (both with Jaeger's
 * conventions, as OTCC's reverse translator reads Jaeger spans). When a Waymark document's extras
 * do not fit its fields (hand-edited, truncated), it is read with Jaeger's conventions and the
 * span says so in a warning. A document without usable ids or start time is counted in
 * `rejected` with its reason. Equal resources and scopes share one object across the result.
 */
export function readSpanDocuments(sources: readonly unknown[], options: SpanDocumentReadOptions = {}): DecodeResult {
  const dotReplacement = options.dotReplacement ?? DEFAULT_DOT_REPLACEMENT;
  if (!isDotReplacement(dotReplacement)) throw new RangeError(`dot replacement must be non-empty and contain no '.': '${dotReplacement}'`);
  const builder = new DecodeResultBuilder();
  const converter = new JaegerSpanConverter(builder, undefined);
  const shared = new SharedParts();
  for (const source of sources) {
    const parts = parseEsDocument(source);
    if (typeof parts === 'string') {
      builder.reject(parts);
      continue;
    }
    const warnings: string[] = [];
    const version = parts.waymark?.['v'];
    if (parts.waymark && version === 1) {
      try {
        builder.accept(readWaymarkDocument(parts, parts.waymark, shared));
        continue;
      } catch (error) {
        if (!(error instanceof ExtrasMismatch)) throw error;
        warnings.push(`es-document: waymark extras do not fit the document (${error.message}); read with Jaeger's conventions`);
      }
    } else if (parts.waymark) {
      warnings.push(`es-document: unknown waymark extras version ${String(version)}; read with Jaeger's conventions`);
    }
    const ownDot = parts.waymark?.['dotReplacement'];
    converter.add(jaegerRecordOf(parts, isDotReplacement(ownDot) ? ownDot : dotReplacement, warnings));
  }
  return builder.build();
}

/** One span document → its span; throws {@link DecodeError} when it cannot be a span. */
export function esDocumentToSpan(source: unknown, options?: SpanDocumentReadOptions): Span {
  const result = readSpanDocuments([source], options);
  const span = result.spans[0];
  if (!span) throw new DecodeError(describeRejections(result) || 'span document cannot be read');
  return span;
}
