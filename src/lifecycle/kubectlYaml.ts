// How kubectl and kind read YAML (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 scalars, so an unquoted `yes`, `no`,
// `on`, `off`, `y` or `n` is a boolean and `0755` an octal number; but a timestamp-looking scalar stays a string
// (go-yaml v2 keeps it one for untyped targets) and there are no base-60 numbers (`8080:80`, `12:30` stay strings).
// The `yaml` library's YAML 1.1 mode has both of those, so they are left out.
import type { ParseOptions, SchemaOptions, DocumentOptions } from 'yaml';

export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME')),
};
