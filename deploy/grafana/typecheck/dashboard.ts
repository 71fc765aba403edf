// The type every dashboard in deploy/grafana/dashboards must have, built from Grafana's published dashboard types
// (npm @grafana/schema, pinned in npm-packages.json to the Grafana release deploy/compose runs).
// GrafanaDashboardSchemaTest compiles `export const dashboard: ProvisionedDashboard = <the dashboard JSON>;` with
// `tsc --strict`: an object literal gets TypeScript's excess-property check, so a field the schema does not know
// fails the build, and so does a value of the wrong type or outside an enum.
import type {
  AnnotationQuery, Dashboard, DataQuery, FieldConfig, FieldConfigSource, Panel, RowPanel,
} from '@grafana/schema';
import type * as stat from '@grafana/schema/dist/types/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen.js';
import type * as table from '@grafana/schema/dist/types/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen.js';
import type * as timeseries
  from '@grafana/schema/dist/types/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen.js';

/**
 * A type as its JSON: the schema's string enums (ThresholdsMode, FieldColorModeId, ...) become the strings they
 * stand for, which is what a JSON file holds ("mode": "absolute"). Numeric enums need nothing: a JSON number that
 * is one of their values is assignable as it is.
 */
export type Json<T> =
  T extends string ? `${T}` :
  T extends number | boolean | null | undefined ? T :
  T extends ReadonlyArray<infer E> ? Array<Json<E>> :
  T extends object ? { [K in keyof T]: Json<T[K]> } :
  T;

/**
 * An annotation from a Prometheus datasource. @grafana/schema types an annotation's `target` as the datasource's
 * query (generic AnnotationQuery<TQuery>) but does not publish Prometheus's query type (it lives in
 * @grafana/prometheus, whose types need @grafana/data and React); its target is left as loose as the schema
 * leaves every panel's targets (Record<string, unknown>). The four options Grafana's Prometheus annotation support
 * reads from the annotation itself (processEvents in @grafana/prometheus's annotations.ts) are added, typed.
 */
type PrometheusAnnotation = AnnotationQuery<DataQuery & Record<string, unknown>> & {
  titleFormat?: string;
  textFormat?: string;
  tagKeys?: string;
  useValueForTime?: boolean;
};

/**
 * The panel plugins the dashboards use, with their published options and custom field config (Grafana's
 * composable panel kinds in @grafana/schema). A panel of another type fails the check until it is added here.
 */
interface PanelKinds {
  stat: { options: stat.Options; custom: Record<string, never> };
  table: { options: table.Options; custom: table.FieldConfig };
  timeseries: { options: timeseries.Options; custom: timeseries.FieldConfig };
}

/**
 * A panel of plugin K. The schema's Panel types options and fieldConfig.defaults.custom as Record<string, unknown>;
 * here they get K's types. Both are partial: Grafana fills an option or custom field that is left out with the
 * plugin's default.
 */
type KindPanel<K extends keyof PanelKinds> = Omit<Panel, 'type' | 'options' | 'fieldConfig'> & {
  type: K;
  options?: Partial<PanelKinds[K]['options']>;
  fieldConfig?: Omit<FieldConfigSource, 'defaults'> & {
    defaults: Omit<FieldConfig, 'custom'> & { custom?: Partial<PanelKinds[K]['custom']> };
  };
};

type TypedPanel = { [K in keyof PanelKinds]: KindPanel<K> }[keyof PanelKinds];

export type ProvisionedDashboard = Json<Omit<Dashboard, 'annotations' | 'panels'> & {
  annotations?: { list?: Array<AnnotationQuery | PrometheusAnnotation> };
  panels?: Array<TypedPanel | (Omit<RowPanel, 'panels'> & { panels: TypedPanel[] })>;
}>;
