// Loads schemas/openapi.yaml and turns every operation into a small record
// the router and the validator use: method + path template (compiled to a
// regex), operationId, parameters (local $refs resolved, with a JSON pointer
// to each parameter's schema so Ajv can compile it in the document's own
// scope), request body media types, the WebSocket request type
// (`x-ws-request-type`) and the operation's security requirement.
//
// Nothing here knows about individual endpoints: adding an operation to the
// spec makes the cloud route and validate it.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

export const SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'schemas');
export const SCHEMA_ID_BASE = 'https://semilimes-sdk.example/schemas/';
export const OPENAPI_FILE = path.join(SCHEMAS_DIR, 'openapi.yaml');
/** `$id` under which the OpenAPI document is registered with Ajv. */
export const OPENAPI_ID = SCHEMA_ID_BASE + 'openapi.yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface SpecParam {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  /** JSON pointer (with leading '#') to the parameter's schema inside the document. */
  schemaPointer?: string;
}

export interface SpecMedia {
  mediaType: string;
  schemaPointer?: string;
}

export interface SpecOperation {
  operationId: string;
  method: string; // upper case
  path: string; // template, e.g. /apikey/{key_id}
  regex: RegExp;
  pathParamNames: string[];
  parameters: SpecParam[];
  requestBody?: { required: boolean; content: SpecMedia[] };
  wsRequestType?: string;
  /** true when the operation needs a Bearer key (global or own security non-empty). */
  authRequired: boolean;
  /** JSON pointer to the operation object. */
  pointer: string;
  /** JSON pointer to the success (2xx) response schema for application/json, if any. */
  responseSchemaPointer?: string;
}

export interface LoadedSpec {
  doc: Record<string, any>;
  operations: SpecOperation[];
  byWsRequestType: Map<string, SpecOperation>;
  byId: Map<string, SpecOperation>;
  file: string;
}

/** Escapes one JSON pointer token. */
export function ptrToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reads the value at a local pointer ("#/a/b"). */
export function atPointer(doc: unknown, pointer: string): any {
  const parts = pointer.replace(/^#\/?/, '').split('/').filter((p) => p.length > 0);
  let cur: any = doc;
  for (const raw of parts) {
    const p = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Follows local `$ref`s (#/...) until a non-ref node; returns node and its pointer. */
export function derefLocal(doc: unknown, node: any, pointer: string): { node: any; pointer: string } {
  let guard = 0;
  while (node && typeof node === 'object' && typeof node.$ref === 'string' && node.$ref.startsWith('#') && guard++ < 32) {
    pointer = node.$ref;
    node = atPointer(doc, pointer);
  }
  return { node, pointer };
}

function compilePathTemplate(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const src = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\~]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp('^' + src + '/?$'), names };
}

function operationIdFor(method: string, p: string): string {
  return (method + p).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

export function loadSpecFrom(doc: Record<string, any>, file = '<memory>'): LoadedSpec {
  const operations: SpecOperation[] = [];
  const globalSecurity: unknown[] | undefined = Array.isArray(doc.security) ? doc.security : undefined;
  const paths = (doc.paths ?? {}) as Record<string, any>;
  for (const [p, rawItem] of Object.entries(paths)) {
    const itemPtr = `#/paths/${ptrToken(p)}`;
    const { node: item, pointer: itemPointer } = derefLocal(doc, rawItem, itemPtr);
    if (!item || typeof item !== 'object') continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!op || typeof op !== 'object') continue;
      const opPtr = `${itemPointer}/${m}`;
      const params = new Map<string, SpecParam>();
      const addParams = (list: unknown, listPtr: string) => {
        if (!Array.isArray(list)) return;
        list.forEach((raw, i) => {
          const { node, pointer } = derefLocal(doc, raw, `${listPtr}/${i}`);
          if (!node || typeof node.name !== 'string') return;
          params.set(`${node.in}:${node.name}`, {
            name: node.name,
            in: node.in,
            required: node.required === true || node.in === 'path',
            schemaPointer: node.schema ? `${pointer}/schema` : undefined,
          });
        });
      };
      addParams(item.parameters, `${itemPointer}/parameters`);
      addParams(op.parameters, `${opPtr}/parameters`);

      let requestBody: SpecOperation['requestBody'];
      if (op.requestBody) {
        const { node: rb, pointer: rbPtr } = derefLocal(doc, op.requestBody, `${opPtr}/requestBody`);
        if (rb && typeof rb === 'object') {
          const content: SpecMedia[] = Object.entries((rb.content ?? {}) as Record<string, any>).map(([mt, media]) => ({
            mediaType: mt,
            schemaPointer: media && media.schema ? `${rbPtr}/content/${ptrToken(mt)}/schema` : undefined,
          }));
          requestBody = { required: rb.required === true, content };
        }
      }

      let responseSchemaPointer: string | undefined;
      for (const code of Object.keys(op.responses ?? {})) {
        if (!/^2/.test(code)) continue;
        const { node: resp, pointer: respPtr } = derefLocal(doc, op.responses[code], `${opPtr}/responses/${ptrToken(code)}`);
        if (resp?.content?.['application/json']?.schema) {
          responseSchemaPointer = `${respPtr}/content/${ptrToken('application/json')}/schema`;
          break;
        }
      }

      const security: unknown[] | undefined = Array.isArray(op.security) ? op.security : globalSecurity;
      const { regex, names } = compilePathTemplate(p);
      operations.push({
        operationId: typeof op.operationId === 'string' ? op.operationId : operationIdFor(m, p),
        method: m.toUpperCase(),
        path: p,
        regex,
        pathParamNames: names,
        parameters: [...params.values()],
        requestBody,
        wsRequestType: typeof op['x-ws-request-type'] === 'string' ? op['x-ws-request-type'] : undefined,
        authRequired: security === undefined ? true : security.length > 0 && !security.some((s) => s && typeof s === 'object' && Object.keys(s as object).length === 0),
        pointer: opPtr,
        responseSchemaPointer,
      });
    }
  }
  // Literal segments beat templates: /apikey/~validate before /apikey/{key_id}.
  operations.sort((a, b) => a.pathParamNames.length - b.pathParamNames.length);
  return {
    doc,
    operations,
    byWsRequestType: new Map(operations.filter((o) => o.wsRequestType).map((o) => [o.wsRequestType as string, o])),
    byId: new Map(operations.map((o) => [o.operationId, o])),
    file,
  };
}

/** Loads the OpenAPI document (YAML or JSON) from disk. */
export function loadSpec(file = OPENAPI_FILE): LoadedSpec {
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseYaml(text) as Record<string, any>;
  return loadSpecFrom(doc, file);
}

/** Finds the operation for a method + path (query string already removed). */
export function matchOperation(spec: LoadedSpec, method: string, urlPath: string): { op: SpecOperation; pathParams: Record<string, string> } | { op?: undefined; methodMismatch: boolean } {
  let methodMismatch = false;
  for (const op of spec.operations) {
    const m = op.regex.exec(urlPath);
    if (!m) continue;
    if (op.method !== method) {
      methodMismatch = true;
      continue;
    }
    const pathParams: Record<string, string> = {};
    op.pathParamNames.forEach((n, i) => {
      pathParams[n] = decodeURIComponent(m[i + 1]);
    });
    return { op, pathParams };
  }
  return { methodMismatch };
}
