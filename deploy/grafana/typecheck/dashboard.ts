// The type every dashboard in deploy/grafana/dashboards must have, built from Grafana's published dashboard types
// (npm @grafana/schema, pinned in npm-packages.json to the Grafana release deploy/compose runs).
// GrafanaDashboardSchemaTest compiles `export const dashboard: ProvisionedDashboard = <the dashboard JSON>;` with
// `tsc --strict`: an object literal gets TypeScript's excess-property check, so a field the schema does not know
// fails the build, and so does a value of the wrong type or outside an enum.
import type { AnnotationQuery, Dashboard, DataQuery } from '@grafana/schema';

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

export type ProvisionedDashboard = Json<Omit<Dashboard, 'annotations'> & {
  annotations?: { list?: Array<AnnotationQuery | PrometheusAnnotation> };
}>;
