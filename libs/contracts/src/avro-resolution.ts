/**
 * Why a reader schema cannot read a writer schema, in words. avsc reports a failed union
 * resolution as "cannot read X as [38 branch names]"; this walks down to the actual cause
 * (e.g. a field added without a default), so dead letters and CI failures say what to fix.
 */
import { type Type, types } from 'avsc';

function attempt(reader: Type, writer: Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function isUnion(type: Type): type is types.WrappedUnionType | types.UnwrappedUnionType {
  return type instanceof types.WrappedUnionType || type instanceof types.UnwrappedUnionType;
}

/** The innermost reason `reader.createResolver(writer)` fails, or undefined if it succeeds. */
export function resolutionFailure(reader: Type, writer: Type, path = reader.name ?? reader.typeName): string | undefined {
  const failure = attempt(reader, writer);
  if (failure === undefined) return undefined;
  if (isUnion(writer)) {
    for (const branch of writer.types) {
      const branchName = branch.branchName ?? branch.typeName;
      const target = isUnion(reader) ? reader.types.find((t) => t.branchName === branchName) : reader;
      if (!target) return `${path}: the writer's union branch ${branchName} is unknown to the reader`;
      const inner = resolutionFailure(target, branch, isUnion(reader) ? `${path}<${branchName.slice(branchName.lastIndexOf('.') + 1)}>` : path);
      if (inner !== undefined) return inner;
    }
  }
  if (reader instanceof types.RecordType && writer instanceof types.RecordType && reader.name === writer.name) {
    for (const field of reader.fields) {
      const written = writer.fields.find((w) => w.name === field.name || field.aliases.includes(w.name));
      if (!written) {
        if (field.defaultValue() === undefined) return `${path}.${field.name}: the reader's field has no default and the writer does not write it`;
        continue;
      }
      const inner = resolutionFailure(field.type, written.type, `${path}.${field.name}`);
      if (inner !== undefined) return inner;
    }
  }
  return `${path}: ${failure}`;
}
