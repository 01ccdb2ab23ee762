// Counters for run reports (`npm run sim` puts `cloud` = stats.toJSON() in
// its report): requests per operation, validation errors with their message,
// device ids the app side claimed, plus connection and fault counts.

export interface ValidationErrorRecord {
  operation: string;
  error: string;
  field?: string;
  at: string;
}

export class Stats {
  requests = { count: 0, perOperation: {} as Record<string, number> };
  validationErrors = { count: 0, list: [] as ValidationErrorRecord[] };
  claimedDevices: string[] = [];
  /** Answers of the mock itself that did not match the spec (a mock bug; should stay 0). */
  responseSchemaErrors = { count: 0, list: [] as { operation: string; error: string }[] };
  connections = { http: 0, ws: 0 };
  faultsApplied: Record<string, number> = {};
  /** Every MessageReceived event pushed to a WebSocket client. */
  eventsSent = 0;

  countRequest(operationId: string): void {
    this.requests.count++;
    this.requests.perOperation[operationId] = (this.requests.perOperation[operationId] ?? 0) + 1;
  }

  recordValidationError(operation: string, error: string, field?: string): void {
    this.validationErrors.count++;
    // Keep the list bounded so a fuzzing run cannot grow it without limit.
    if (this.validationErrors.list.length < 1000) this.validationErrors.list.push({ operation, error, field, at: new Date().toISOString() });
  }

  recordResponseSchemaError(operation: string, error: string): void {
    this.responseSchemaErrors.count++;
    if (this.responseSchemaErrors.list.length < 100) this.responseSchemaErrors.list.push({ operation, error });
  }

  countFault(kind: string): void {
    this.faultsApplied[kind] = (this.faultsApplied[kind] ?? 0) + 1;
  }

  toJSON(): Record<string, unknown> {
    return {
      requests: { count: this.requests.count, perOperation: { ...this.requests.perOperation } },
      validationErrors: { count: this.validationErrors.count, list: [...this.validationErrors.list] },
      claimedDevices: [...this.claimedDevices],
      responseSchemaErrors: { count: this.responseSchemaErrors.count, list: [...this.responseSchemaErrors.list] },
      connections: { ...this.connections },
      faultsApplied: { ...this.faultsApplied },
      eventsSent: this.eventsSent,
    };
  }
}
