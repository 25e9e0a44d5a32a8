import type { PatchOperation } from './types.js';

/**
 * Applies RFC 6902 operations to a copy of `document` and returns it; `document` is left as it was.
 * Throws on an operation that does not apply (a missing path, a failed `test`).
 */
export function applyPatch<T>(document: T, operations: readonly PatchOperation[]): T {
  let result: unknown = structuredClone(document);
  for (const operation of operations) {
    result = applyOne(result, operation);
  }
  return result as T;
}

function applyOne(document: unknown, op: PatchOperation): unknown {
  if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) {
    throw new Error(`'value' missing in ${op.op}`);
  }
  switch (op.op) {
    case 'add':
      return add(document, parse(op.path), structuredClone(op.value));
    case 'remove':
      return remove(document, parse(op.path));
    case 'replace': {
      const tokens = parse(op.path);
      get(document, tokens); // must exist
      return add(remove(document, tokens), tokens, structuredClone(op.value));
    }
    case 'move': {
      const from = parse(required(op.from, 'from'));
      const value = get(document, from);
      return add(remove(document, from), parse(op.path), value);
    }
    case 'copy':
      return add(document, parse(op.path), structuredClone(get(document, parse(required(op.from, 'from')))));
    case 'test':
      if (!deepEqual(get(document, parse(op.path)), op.value)) {
        throw new Error(`test failed at ${op.path}`);
      }
      return document;
    default:
      throw new Error(`unknown patch op ${(op as PatchOperation).op}`);
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) {
    throw new Error(`'${name}' missing`);
  }
  return value;
}

/** A JSON Pointer (RFC 6901) as tokens. */
function parse(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new Error(`bad JSON pointer '${pointer}'`);
  }
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(document: unknown, tokens: string[]): unknown {
  let node = document;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      const index = arrayIndex(token, node.length - 1);
      node = node[index];
    } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) {
      node = node[token];
    } else {
      throw new Error(`no value at /${tokens.join('/')}`);
    }
  }
  return node;
}

function add(document: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) {
    return value;
  }
  const parent = get(document, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : arrayIndex(last, parent.length);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    throw new Error(`cannot add at /${tokens.join('/')}`);
  }
  return document;
}

function remove(document: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) {
    return undefined;
  }
  const parent = get(document, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length - 1), 1);
  } else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    delete parent[last];
  } else {
    throw new Error(`no value to remove at /${tokens.join('/')}`);
  }
  return document;
}

function arrayIndex(token: string, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw new Error(`bad array index '${token}'`);
  }
  const index = Number(token);
  if (index > max) {
    throw new Error(`array index ${index} out of bounds`);
  }
  return index;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
