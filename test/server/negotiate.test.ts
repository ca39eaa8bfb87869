// Content negotiation, table-driven.

import { describe, expect, it } from 'vitest';
import { acceptsGzip, negotiateFormat } from '../../src/server/index.js';

// What Prometheus 3 sends by default (scrape_protocols: OpenMetricsText1.0.0, OpenMetricsText0.0.1, PrometheusText1.0.0, PrometheusText0.0.4).
const PROMETHEUS_3 = 'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1';

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'text'],
    ['', 'text'],
    ['*/*', 'text'],
    ['text/plain;version=0.0.4', 'text'],
    [PROMETHEUS_3, 'openmetrics'],
    ['application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text;version=2.0.0', 'text'],
    ['text/plain;q=0.9, application/openmetrics-text;version=1.0.0;q=0.8', 'text'],
    ['application/openmetrics-text;version=1.0.0;q=0, text/plain', 'text'],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,application/openmetrics-text;version=1.0.0;q=0.5', 'openmetrics'],
    ['application/json', 'text'],
  ] as const)('Accept %j → %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['gzip', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['*', true],
    ['*;q=0', false],
    ['identity', false],
    ['br, *;q=0.1', true],
  ] as const)('Accept-Encoding %j → %s', (header, gzip) => {
    expect(acceptsGzip(header)).toBe(gzip);
  });
});
