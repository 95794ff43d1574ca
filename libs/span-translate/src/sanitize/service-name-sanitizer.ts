import { attributeValueToString, stringValue, withWarning } from '@waymark/span-model';
import type { Resource } from '@waymark/span-model';
import { SanitizerWarning } from './sanitizer';
import type { SpanSanitizer } from './sanitizer';

const SERVICE_NAME = 'service.name';

interface Fix {
  readonly resource: Resource;
  /** '' when only the derived `serviceName` field disagreed with the attribute (a translator's slip, not client data). */
  readonly warning: string;
}

/**
 * A resource's `service.name` made usable, with Jaeger v2's placeholders as the new name:
 * absent → `missing-service-name`, not a string → `service-name-wrong-type` (the warning keeps the
 * original value's text), `""` → `empty-service-name`. The attribute is decisive; the Resource's
 * `serviceName` field is set to match it.
 *
 * Returns a sanitizer that fixes each distinct Resource object once (a WeakMap remembers the
 * result), so all spans of a request keep sharing one resource object, as the model expects.
 */
export function createServiceNameSanitizer(): SpanSanitizer {
  const fixes = new WeakMap<Resource, Fix | null>();
  return (span) => {
    let fix = fixes.get(span.resource);
    if (fix === undefined) {
      fix = fixResource(span.resource);
      fixes.set(span.resource, fix);
    }
    if (fix === null) return span;
    return fix.warning === '' ? { ...span, resource: fix.resource } : withWarning({ ...span, resource: fix.resource }, fix.warning);
  };
}

function fixResource(resource: Resource): Fix | null {
  const index = resource.attributes.findIndex((a) => a.key === SERVICE_NAME);
  const value = resource.attributes[index]?.value;
  if (value?.type === 'string' && value.value !== '') return resource.serviceName === value.value ? null : { resource: { ...resource, serviceName: value.value }, warning: '' };
  const [code, detail] =
    value === undefined
      ? [SanitizerWarning.MISSING_SERVICE_NAME, 'resource has no service.name']
      : value.type === 'string'
        ? [SanitizerWarning.EMPTY_SERVICE_NAME, 'service.name is empty']
        : [SanitizerWarning.SERVICE_NAME_WRONG_TYPE, `service.name is a ${value.type} (${JSON.stringify(attributeValueToString(value).slice(0, 64))})`];
  const attributes = [...resource.attributes];
  const replacement = { key: SERVICE_NAME, value: stringValue(code) };
  if (index >= 0) attributes[index] = replacement;
  else attributes.unshift(replacement);
  return { resource: { ...resource, serviceName: code, attributes }, warning: `${code}: ${detail}; set to "${code}"` };
}
