// Types of the test-only Prometheus text-format parser (the package ships none).
declare module 'parse-prometheus-text-format' {
  export interface ParsedMetric {
    name: string;
    help: string;
    type: string;
    metrics: { value: string; labels?: Record<string, string> }[];
  }
  export default function parsePrometheusTextFormat(text: string): ParsedMetric[];
}
