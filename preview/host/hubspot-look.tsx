/**
 * The local preview's stand-in for HubSpot's UI host: each @hubspot/ui-extensions component Keyline uses, as plain
 * HTML that looks enough like HubSpot to judge layout and content. HubSpot renders these components in its own host
 * and publishes no standalone renderer; this mapping is a development tool and is never uploaded.
 *
 * Each component takes exactly the props of HubSpot's component (typed from the package), under the name HubSpot's
 * remote renderer registers it with (`PageBreadcrumbs.PageLink` is `PageBreadcrumbsPageLink`). Event props are called
 * the way HubSpot calls them: `onChange` with the new value, `onClick` on a click.
 */
import { createContext, useContext, useEffect, useId, useState, type ComponentType, type ReactNode } from 'react';
import type * as ui from '@hubspot/ui-extensions';
import type * as pages from '@hubspot/ui-extensions/pages';
import { BarChart, LineChart } from './charts';
import type { AppPageLocation } from './page-location';

type PropsOf<C> = C extends ComponentType<infer P> ? P : never;
type Compound<C, K extends string> = C extends Record<K, infer Part> ? PropsOf<Part> : never;

/** How the host's page links move the app page (set by the preview shell). */
export const NavigateContext = createContext<(location: AppPageLocation) => void>(() => undefined);

const id = (testId: string | undefined) => (testId === undefined ? {} : { 'data-testid': testId });
const cx = (...names: (string | false | undefined | null)[]) => names.filter(Boolean).join(' ');

/** HubSpot's handlers take (event, reactions); Keyline's ignore both. */
function click(handler: ((...args: never[]) => unknown) | undefined): (() => void) | undefined {
  return handler === undefined ? undefined : () => void (handler)();
}

function hrefOf(href: ui.HrefProp | undefined): { url: string; external: boolean } | undefined {
  if (href === undefined) return undefined;
  return typeof href === 'string' ? { url: href, external: false } : { url: href.url, external: href.external === true };
}

// ------------------------------------------------------------------------------------------------------ layout

function Flex({ children, direction = 'row', gap = 'flush', justify, align, alignSelf, wrap, testId }: PropsOf<typeof ui.Flex>) {
  return (
    <div
      className={cx('hs-flex', `hs-flex-${direction}`, `hs-gap-${gap}`, justify && `hs-justify-${justify}`, align && `hs-align-${align}`, alignSelf && `hs-self-${alignSelf}`, (wrap === true || wrap === 'wrap') && 'hs-wrap')}
      {...id(testId)}
    >
      {children}
    </div>
  );
}

function AutoGrid({ children, columnWidth, gap = 'sm', testId }: PropsOf<typeof ui.AutoGrid>) {
  return (
    <div className={cx('hs-autogrid', `hs-gap-${gap}`)} style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${columnWidth}px, 1fr))` }} {...id(testId)}>
      {children}
    </div>
  );
}

function Tile({ children, compact, flush, testId }: PropsOf<typeof ui.Tile>) {
  return <div className={cx('hs-tile', compact && 'hs-tile-compact', flush && 'hs-tile-flush')} {...id(testId)}>{children}</div>;
}

function Divider({ distance = 'sm', testId }: PropsOf<typeof ui.Divider>) {
  return <hr className={cx('hs-divider', `hs-divider-${distance}`)} {...id(testId)} />;
}

// -------------------------------------------------------------------------------------------------------- text

function Text({ children, variant = 'bodytext', inline, format, testId }: PropsOf<typeof ui.Text>) {
  const className = cx(
    'hs-text',
    variant === 'microcopy' && 'hs-microcopy',
    format?.fontWeight && `hs-weight-${format.fontWeight}`,
    format?.italic && 'hs-italic',
    format?.lineDecoration && `hs-decoration-${format.lineDecoration}`,
  );
  return inline ? <span className={className} {...id(testId)}>{children}</span> : <p className={className} {...id(testId)}>{children}</p>;
}

function Heading({ children, inline, testId }: PropsOf<typeof ui.Heading>) {
  return inline ? <span className="hs-heading" {...id(testId)}>{children}</span> : <h3 className="hs-heading" {...id(testId)}>{children}</h3>;
}

function Link({ children, href, onClick, variant = 'primary', testId }: PropsOf<typeof ui.Link>) {
  const target = hrefOf(href);
  return (
    <a
      className={cx('hs-link', `hs-link-${variant}`)}
      href={target?.url}
      {...(target?.external ? { target: '_blank', rel: 'noreferrer' } : {})}
      onClick={click(onClick)}
      {...id(testId)}
    >
      {children}
      {target?.external && <span className="hs-external" aria-hidden="true"> ↗</span>}
    </a>
  );
}

function List({ children, variant = 'unordered', testId }: PropsOf<typeof ui.List>) {
  const items = (Array.isArray(children) ? children : [children]).filter((child) => child !== null && child !== undefined && child !== false);
  const Tag = variant.startsWith('ordered') ? 'ol' : 'ul';
  return (
    <Tag className={cx('hs-list', `hs-list-${variant}`)} {...id(testId)}>
      {items.map((item, index) => (
        <li key={index}>{item as ReactNode}</li>
      ))}
    </Tag>
  );
}

// ------------------------------------------------------------------------------------------------ tags, alerts

function Tag({ children, variant = 'default', onClick, testId }: PropsOf<typeof ui.Tag>) {
  return <span className={cx('hs-tag', `hs-tag-${variant}`)} onClick={click(onClick)} {...id(testId)}>{children}</span>;
}

function StatusTag({ children, variant = 'default', hollow, testId }: PropsOf<typeof ui.StatusTag>) {
  return (
    <span className={cx('hs-status-tag', `hs-status-${variant}`)} {...id(testId)}>
      <span className={cx('hs-status-dot', hollow && 'hs-status-hollow')} aria-hidden="true" />
      {children}
    </span>
  );
}

function Alert({ title, children, variant = 'info', testId }: PropsOf<typeof ui.Alert>) {
  return (
    <div className={cx('hs-alert', `hs-alert-${variant === 'error' ? 'danger' : variant}`)} role="alert" {...id(testId)}>
      <div className="hs-alert-title">{title}</div>
      {children !== undefined && <div className="hs-alert-body">{children}</div>}
    </div>
  );
}

function EmptyState({ title, children, testId }: PropsOf<typeof ui.EmptyState>) {
  return (
    <div className="hs-empty-state" {...id(testId)}>
      <div className="hs-empty-image" aria-hidden="true" />
      <div>
        {title !== undefined && <div className="hs-state-title">{title}</div>}
        {children}
      </div>
    </div>
  );
}

function ErrorState({ title, children, testId }: PropsOf<typeof ui.ErrorState>) {
  return (
    <div className="hs-error-state" role="alert" {...id(testId)}>
      <div className="hs-error-image" aria-hidden="true">!</div>
      <div>
        <div className="hs-state-title">{title ?? 'Something went wrong.'}</div>
        {children}
      </div>
    </div>
  );
}

function LoadingSpinner({ label, showLabel, layout = 'inline', testId }: PropsOf<typeof ui.LoadingSpinner>) {
  return (
    <div className={cx('hs-spinner', layout === 'centered' && 'hs-spinner-centered')} role="status" aria-label={label} {...id(testId)}>
      <span className="hs-spinner-ring" aria-hidden="true" />
      {showLabel !== false && <span className="hs-microcopy">{label}</span>}
    </div>
  );
}

function ProgressBar({ title, value = 0, maxValue = 100, valueMax, showPercentage, valueDescription, variant = 'success', testId }: PropsOf<typeof ui.ProgressBar>) {
  const max = valueMax ?? maxValue;
  const percent = max > 0 ? Number(Math.max(0, Math.min(100, (value / max) * 100)).toFixed(2)) : 0;
  return (
    <div className="hs-progress" {...id(testId)}>
      <div className="hs-progress-head">
        {title !== undefined && <span className="hs-progress-title">{title}</span>}
        {showPercentage && <span className="hs-microcopy">{`${Math.round(percent)}%`}</span>}
        {valueDescription !== undefined && <span className="hs-microcopy">{valueDescription}</span>}
      </div>
      <div className="hs-progress-track" role="progressbar" aria-valuenow={value} aria-valuemax={max}>
        <div className={cx('hs-progress-fill', `hs-progress-${variant}`)} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------- description, statistics

function DescriptionList({ children, direction = 'column', testId }: PropsOf<typeof ui.DescriptionList>) {
  return <dl className={cx('hs-dl', `hs-dl-${direction}`)} {...id(testId)}>{children}</dl>;
}

function DescriptionListItem({ label, children, testId }: PropsOf<typeof ui.DescriptionListItem>) {
  return (
    <div className="hs-dl-item" {...id(testId)}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Statistics({ children, testId }: PropsOf<typeof ui.Statistics>) {
  return <div className="hs-statistics" {...id(testId)}>{children}</div>;
}

function StatisticsItem({ label, number, children, testId }: PropsOf<typeof ui.StatisticsItem>) {
  return (
    <div className="hs-stat" {...id(testId)}>
      <div className="hs-stat-label">{label}</div>
      <div className="hs-stat-number">{number}</div>
      {children}
    </div>
  );
}

function StatisticsTrend({ value, direction, color, testId }: PropsOf<typeof ui.StatisticsTrend>) {
  const tone = color ?? (direction === 'increase' ? 'green' : 'red');
  return (
    <div className={`hs-stat-trend hs-stat-trend-${tone}`} {...id(testId)}>
      {`${direction === 'increase' ? '▲' : '▼'} ${value}`}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------- tables

function Table({ children, bordered, density = 'default', testId }: PropsOf<typeof ui.Table>) {
  return (
    <div className="hs-table-wrap">
      <table className={cx('hs-table', bordered && 'hs-table-bordered', `hs-table-${density}`)} {...id(testId)}>{children}</table>
    </div>
  );
}
const TableHead = ({ children, testId }: PropsOf<typeof ui.TableHead>) => <thead {...id(testId)}>{children}</thead>;
const TableBody = ({ children, testId }: PropsOf<typeof ui.TableBody>) => <tbody {...id(testId)}>{children}</tbody>;
const TableFooter = ({ children, testId }: PropsOf<typeof ui.TableFooter>) => <tfoot {...id(testId)}>{children}</tfoot>;
const TableRow = ({ children, testId }: PropsOf<typeof ui.TableRow>) => <tr {...id(testId)}>{children}</tr>;
function TableHeader({ children, align = 'left', testId }: PropsOf<typeof ui.TableHeader>) {
  return <th className={`hs-align-${align}`} {...id(testId)}>{children}</th>;
}
function TableCell({ children, align = 'left', colSpan, testId }: PropsOf<typeof ui.TableCell>) {
  return <td className={`hs-align-${align}`} colSpan={colSpan} {...id(testId)}>{children}</td>;
}

// --------------------------------------------------------------------------------------------------- buttons

function Button({ children, onClick, href, disabled, variant = 'secondary', size, testId }: PropsOf<typeof ui.Button>) {
  const target = hrefOf(href);
  const className = cx('hs-button', `hs-button-${variant}`, size !== undefined && `hs-button-${size}`);
  if (target !== undefined) {
    return <a className={className} href={target.url} {...(target.external ? { target: '_blank', rel: 'noreferrer' } : {})} {...id(testId)}>{children}</a>;
  }
  return <button type="button" className={className} disabled={disabled} onClick={click(onClick)} {...id(testId)}>{children}</button>;
}

function LoadingButton({ children, onClick, disabled, loading, variant = 'secondary', size, testId }: PropsOf<typeof ui.LoadingButton>) {
  return (
    <button
      type="button"
      className={cx('hs-button', `hs-button-${variant}`, size !== undefined && `hs-button-${size}`, loading && 'hs-button-loading')}
      disabled={disabled === true || loading === true}
      aria-busy={loading === true}
      onClick={click(onClick)}
      {...id(testId)}
    >
      {loading && <span className="hs-spinner-ring hs-spinner-small" aria-hidden="true" />}
      {children}
    </button>
  );
}

function ButtonRow({ children, testId }: PropsOf<typeof ui.ButtonRow>) {
  return <div className="hs-button-row" {...id(testId)}>{children}</div>;
}

// ---------------------------------------------------------------------------------------------------- inputs

function Field({ label, description, error, validationMessage, required, htmlFor, children }: {
  label: string;
  description?: string | undefined;
  error?: boolean | undefined;
  validationMessage?: string | undefined;
  required?: boolean | undefined;
  htmlFor: string;
  children: ReactNode;
}) {
  return (
    <div className={cx('hs-field', error && 'hs-field-error')}>
      <label className="hs-label" htmlFor={htmlFor}>
        {label}
        {required && <span className="hs-required"> *</span>}
      </label>
      {description !== undefined && <div className="hs-microcopy">{description}</div>}
      {children}
      {validationMessage !== undefined && <div className={cx('hs-validation', error && 'hs-validation-error')}>{validationMessage}</div>}
    </div>
  );
}

/**
 * The text a field shows while the extension's answer is on its way. HubSpot's fields are controlled by the
 * extension, whose new value arrives a moment later (from the remote tree); showing the prop alone would put the old
 * text back under the cursor after every keystroke. The field keeps what was typed and follows the prop when it
 * changes to something else.
 */
function useTypedText(value: string, sameValue: (typed: string) => boolean = (typed) => typed === value): [string, (typed: string) => void] {
  const [typed, setTyped] = useState(value);
  useEffect(() => {
    setTyped((current) => (sameValue(current) ? current : value));
  }, [value]); // sameValue depends only on value
  return [typed, setTyped];
}

/** The option at an index, with its own type (HubSpot hands onChange the option's value, not a string). */
export function optionValueAt<V>(options: readonly { value: V }[], index: string): V | undefined {
  return options[Number(index)]?.value;
}

function Select({ label = '', name, value, options, onChange, readOnly, description, error, validationMessage, required, placeholder, testId }: PropsOf<typeof ui.Select>) {
  const fieldId = useId();
  const selected = options.findIndex((option) => option.value === value);
  return (
    <Field label={label} description={description} error={error} validationMessage={validationMessage} required={required} htmlFor={fieldId}>
      <select
        id={fieldId}
        name={name}
        className="hs-input hs-select"
        value={selected === -1 ? '' : String(selected)}
        disabled={readOnly}
        onChange={(event) => {
          const next = optionValueAt(options, event.target.value);
          if (next !== undefined) onChange?.(next);
        }}
        {...id(testId)}
      >
        {selected === -1 && <option value="">{placeholder ?? 'Select…'}</option>}
        {options.map((option, index) => (
          <option key={String(option.value)} value={String(index)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function MultiSelect({ label = '', name, value = [], options, onChange, readOnly, description, error, validationMessage, testId }: PropsOf<typeof ui.MultiSelect>) {
  const fieldId = useId();
  return (
    <Field label={label} description={description} error={error} validationMessage={validationMessage} htmlFor={fieldId}>
      <div id={fieldId} className="hs-multiselect" {...id(testId)}>
        {options.map((option) => {
          const checked = value.includes(option.value);
          return (
            <label key={String(option.value)} className={cx('hs-chip', checked && 'hs-chip-on')}>
              <input
                type="checkbox"
                name={name}
                checked={checked}
                disabled={readOnly}
                onChange={() => onChange?.(checked ? value.filter((v) => v !== option.value) : [...value, option.value])}
              />
              {option.label}
            </label>
          );
        })}
      </div>
    </Field>
  );
}

function Input({ label, name, value, type = 'text', onChange, onInput, onBlur, readOnly, description, error, validationMessage, required, placeholder, testId }: PropsOf<typeof ui.Input>) {
  const fieldId = useId();
  const [typed, setTyped] = useTypedText(value ?? '');
  return (
    <Field label={label} description={description} error={error} validationMessage={validationMessage} required={required} htmlFor={fieldId}>
      <input
        id={fieldId}
        className="hs-input"
        type={type}
        name={name}
        value={typed}
        readOnly={readOnly}
        placeholder={placeholder}
        onChange={(event) => {
          setTyped(event.target.value);
          onInput?.(event.target.value);
          onChange?.(event.target.value);
        }}
        onBlur={(event) => onBlur?.(event.target.value)}
        {...id(testId)}
      />
    </Field>
  );
}

function TextArea({ label, name, value, rows = 3, onChange, onInput, readOnly, description, error, validationMessage, required, placeholder, testId }: PropsOf<typeof ui.TextArea>) {
  const fieldId = useId();
  const [typed, setTyped] = useTypedText(value ?? '');
  return (
    <Field label={label} description={description} error={error} validationMessage={validationMessage} required={required} htmlFor={fieldId}>
      <textarea
        id={fieldId}
        className="hs-input hs-textarea"
        name={name}
        rows={rows}
        value={typed}
        readOnly={readOnly}
        placeholder={placeholder}
        onChange={(event) => {
          setTyped(event.target.value);
          onInput?.(event.target.value);
          onChange?.(event.target.value);
        }}
        {...id(testId)}
      />
    </Field>
  );
}

function NumberInput({ label, name, value, min, max, onChange, onInput, readOnly, description, error, validationMessage, required, placeholder, testId }: PropsOf<typeof ui.NumberInput>) {
  const fieldId = useId();
  const shown = value === undefined || Number.isNaN(value) ? '' : String(value);
  const [typed, setTyped] = useTypedText(shown, (text) => (text === '' ? shown === '' : Number(text) === value));
  return (
    <Field label={label} description={description} error={error} validationMessage={validationMessage} required={required} htmlFor={fieldId}>
      <input
        id={fieldId}
        className="hs-input hs-number"
        type="number"
        name={name}
        value={typed}
        min={min}
        max={max}
        step="any"
        readOnly={readOnly}
        placeholder={placeholder}
        onChange={(event) => {
          setTyped(event.target.value);
          const parsed = event.target.value === '' ? Number.NaN : Number(event.target.value);
          onInput?.(parsed);
          onChange?.(parsed);
        }}
        {...id(testId)}
      />
    </Field>
  );
}

function Toggle({ label, name, checked, readOnly, readonly, onChange, labelDisplay = 'inline', testId }: PropsOf<typeof ui.Toggle>) {
  return (
    <label className={cx('hs-toggle', labelDisplay === 'top' && 'hs-toggle-top')} {...id(testId)}>
      {labelDisplay !== 'hidden' && <span className="hs-label">{label}</span>}
      <input type="checkbox" role="switch" name={name} checked={checked === true} disabled={readOnly === true || readonly === true} onChange={(event) => onChange?.(event.target.checked)} />
      <span className="hs-toggle-track" aria-hidden="true" />
    </label>
  );
}

// ------------------------------------------------------------------------------------------------ app pages

function PageTitle({ children, testId }: PropsOf<typeof pages.PageTitle>) {
  return <h1 className="hs-page-title" {...id(testId)}>{children}</h1>;
}

function usePageLink(to: string, params: Record<string, string> | undefined) {
  const navigate = useContext(NavigateContext);
  const query = new URLSearchParams(params ?? {}).toString();
  return {
    href: `#${to}${query === '' ? '' : `?${query}`}`,
    onClick: (event: { preventDefault(): void }) => {
      event.preventDefault();
      navigate({ path: to, params: params ?? {} });
    },
  };
}

function PageLink({ to, params, children, testId }: PropsOf<typeof pages.PageLink>) {
  return <a className="hs-link hs-link-primary" {...usePageLink(to, params)} {...id(testId)}>{children}</a>;
}

function PageBreadcrumbs({ children, testId }: pages.PageBreadcrumbsProps) {
  return <nav className="hs-breadcrumbs" aria-label="Breadcrumbs" {...id(testId)}>{children}</nav>;
}

function PageBreadcrumbsPageLink({ to, params, children, testId }: Compound<typeof pages.PageBreadcrumbs, 'PageLink'>) {
  return (
    <>
      <a className="hs-link hs-link-primary" {...usePageLink(to, params)} {...id(testId)}>{children}</a>
      <span className="hs-breadcrumb-separator" aria-hidden="true">›</span>
    </>
  );
}

function PageBreadcrumbsCurrent({ children, testId }: Compound<typeof pages.PageBreadcrumbs, 'Current'>) {
  return <span className="hs-breadcrumb-current" aria-current="page" {...id(testId)}>{children}</span>;
}

/**
 * Remote component name → host component. The names are HubSpot's (its remote renderer's registry); a name missing here
 * renders as a visible "not in the preview" box instead of failing (see render-extension.tsx).
 */
export const HUBSPOT_LOOK = {
  Alert,
  AutoGrid,
  BarChart,
  Button,
  ButtonRow,
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  Input,
  LineChart,
  Link,
  List,
  LoadingButton,
  LoadingSpinner,
  MultiSelect,
  NumberInput,
  ProgressBar,
  Select,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  TextArea,
  Tile,
  Toggle,
  PageTitle,
  PageLink,
  PageBreadcrumbs,
  PageBreadcrumbsPageLink,
  PageBreadcrumbsCurrent,
} satisfies Record<string, ComponentType<never>>;

export type MappedComponentName = keyof typeof HUBSPOT_LOOK;
