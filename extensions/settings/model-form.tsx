/**
 * The scoring model as a form, built from the model the backend sends (its schema is the backend's; nothing here
 * knows the model's fields). Numbers become number inputs, text an input, on/off a toggle, role lists a
 * multi-select, other lists one field, nested objects sections. Validation messages appear on the field they are
 * about, section-level ones under the section's title.
 */
import {
  Alert,
  AutoGrid,
  Flex,
  Heading,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  Text,
  TextArea,
  Tile,
  Toggle,
} from '@hubspot/ui-extensions';
import type { JsonValue, ModelJson } from '@keyline/contract/settings-contract';
import { toIssuePath } from '@keyline/contract/settings-contract';
import { BUYING_ROLE_VALUES, GAP_KIND_VALUES, gapKindLabel, roleLabel } from '../ui/labels';
import { isGapKindListPath, isRoleListKey, modelKeyLabel } from './model-labels';
import { isJsonObject, isListField, type ModelPath, type PathSegment } from './model-paths';

export interface ModelFormProps {
  model: ModelJson;
  issues: Map<string, string[]>;
  /** Allowed values of enumerated settings, by path with `*` for list indices. */
  choices?: Record<string, string[]>;
  readOnly: boolean;
  onEdit: (path: ModelPath, value: JsonValue) => void;
}

interface NodeProps extends Omit<ModelFormProps, 'model'> {
  label: string;
  keyName: string;
  path: PathSegment[];
  value: JsonValue;
  depth: number;
}

function validation(issues: Map<string, string[]>, pathText: string) {
  const messages = issues.get(pathText);
  return messages === undefined ? {} : { error: true, validationMessage: messages.join(' ') };
}

function parseNumberList(text: string): number[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
}

function ListField({ label, keyName, path, value, issues, readOnly, onEdit }: NodeProps & { value: string[] | number[] }) {
  const name = toIssuePath(path);
  const strings = value.every((item) => typeof item === 'string');
  if (strings && isGapKindListPath(path)) {
    return (
      <MultiSelect
        label={label}
        name={name}
        value={value}
        readOnly={readOnly}
        options={GAP_KIND_VALUES.map((kind) => ({ label: gapKindLabel(kind), value: kind }))}
        onChange={(selected) => onEdit(path, selected.map(String))}
        testId={`field-${name}`}
        {...validation(issues, name)}
      />
    );
  }
  const aboutRoles = [keyName, ...path].some((segment) => typeof segment === 'string' && isRoleListKey(segment));
  if (strings && (aboutRoles || value.some((item) => BUYING_ROLE_VALUES.includes(item as never)))) {
    return (
      <MultiSelect
        label={label}
        name={name}
        value={value}
        readOnly={readOnly}
        options={BUYING_ROLE_VALUES.map((role) => ({ label: roleLabel(role), value: role }))}
        onChange={(selected) => onEdit(path, selected.map(String))}
        testId={`field-${name}`}
        {...validation(issues, name)}
      />
    );
  }
  if (strings) {
    return (
      <TextArea
        label={label}
        name={name}
        description="One per line"
        value={(value as string[]).join('\n')}
        readOnly={readOnly}
        onChange={(text) => onEdit(path, text.split('\n').map((line) => line.trim()).filter((line) => line !== ''))}
        testId={`field-${name}`}
        {...validation(issues, name)}
      />
    );
  }
  return (
    <Input
      label={label}
      name={name}
      description="Numbers separated by commas"
      value={(value as number[]).join(', ')}
      readOnly={readOnly}
      onChange={(text) => onEdit(path, parseNumberList(text))}
      testId={`field-${name}`}
      {...validation(issues, name)}
    />
  );
}

function LeafField(props: NodeProps) {
  const { label, path, value, issues, readOnly, onEdit } = props;
  const name = toIssuePath(path);
  if (typeof value === 'boolean') {
    return (
      <Toggle label={label} name={name} checked={value} readOnly={readOnly} onChange={(checked) => onEdit(path, checked)} testId={`field-${name}`} />
    );
  }
  const allowed = props.choices?.[path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.')];
  if (typeof value === 'string' && allowed !== undefined) {
    return (
      <Select
        label={label}
        name={name}
        value={value}
        readOnly={readOnly}
        options={allowed.map((choice) => ({ label: choice, value: choice }))}
        onChange={(choice) => onEdit(path, String(choice))}
        testId={`field-${name}`}
        {...validation(issues, name)}
      />
    );
  }
  if (typeof value === 'string') {
    return (
      <Input label={label} name={name} value={value} readOnly={readOnly} onChange={(text) => onEdit(path, text)} testId={`field-${name}`} {...validation(issues, name)} />
    );
  }
  // Numbers, and values not set (null): a number input; clearing it sets the value back to "not set".
  return (
    <NumberInput
      label={label}
      name={name}
      {...(typeof value === 'number' ? { value } : { placeholder: 'not set' })}
      readOnly={readOnly}
      onChange={(number) => onEdit(path, Number.isFinite(number) ? number : null)}
      testId={`field-${name}`}
      {...validation(issues, name)}
    />
  );
}

function isLeaf(value: JsonValue): boolean {
  return !isJsonObject(value) && (!Array.isArray(value) || isListField(value));
}

function ModelNode(props: NodeProps) {
  const { label, path, value, depth, issues } = props;
  if (isLeaf(value)) {
    return isListField(value) ? <ListField {...props} value={value} /> : <LeafField {...props} />;
  }
  const children: [string, string, JsonValue][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), `${label} ${index + 1}`, item])
    : Object.entries(value as Record<string, JsonValue>).map(([key, child]) => [key, modelKeyLabel(key), child]);
  const leaves = children.filter(([, , child]) => isLeaf(child));
  const branches = children.filter(([, , child]) => !isLeaf(child));
  const pathText = toIssuePath(path);
  const sectionMessages = issues.get(pathText);
  const childPath = (key: string): PathSegment[] => [...path, Array.isArray(value) ? Number(key) : key];

  const body = (
    <Flex direction="column" gap="sm">
      {depth === 0 ? <Heading>{label}</Heading> : <Text format={{ fontWeight: 'demibold' }}>{label}</Text>}
      {sectionMessages !== undefined && (
        <Alert variant="danger" title={`${label}: please fix`} testId={`section-issues-${pathText}`}>
          {sectionMessages.join(' ')}
        </Alert>
      )}
      {leaves.length > 0 && (
        <AutoGrid columnWidth={220} gap="sm">
          {leaves.map(([key, childLabel, child]) => (
            <ModelNode {...props} key={key} keyName={key} label={childLabel} path={childPath(key)} value={child} depth={depth + 1} />
          ))}
        </AutoGrid>
      )}
      {branches.map(([key, childLabel, child]) => (
        <ModelNode {...props} key={key} keyName={key} label={childLabel} path={childPath(key)} value={child} depth={depth + 1} />
      ))}
    </Flex>
  );
  return depth === 0 ? <Tile testId={`section-${pathText}`}>{body}</Tile> : body;
}

export function ModelForm({ model, issues, choices, readOnly, onEdit }: ModelFormProps) {
  const topLeaves = Object.entries(model).filter(([, value]) => isLeaf(value));
  const sections = Object.entries(model).filter(([, value]) => !isLeaf(value));
  const shared = { issues, readOnly, onEdit, ...(choices === undefined ? {} : { choices }) };
  return (
    <Flex direction="column" gap="md">
      {topLeaves.length > 0 && (
        <Tile testId="section-general">
          <Flex direction="column" gap="sm">
            <Heading>General</Heading>
            <AutoGrid columnWidth={220} gap="sm">
              {topLeaves.map(([key, value]) => (
                <ModelNode {...shared} key={key} keyName={key} label={modelKeyLabel(key)} path={[key]} value={value} depth={1} />
              ))}
            </AutoGrid>
          </Flex>
        </Tile>
      )}
      {sections.map(([key, value]) => (
        <ModelNode {...shared} key={key} keyName={key} label={modelKeyLabel(key)} path={[key]} value={value} depth={0} />
      ))}
    </Flex>
  );
}
