// Text that names kernel members such as "->iomap_begin": each arrow stays on the line of the name it points
// at (a line may break after the hyphen of "->" otherwise). The text itself is unchanged.

const ARROW_NAME = /(->[A-Za-z_][A-Za-z0-9_]*)/;

export function KernelText({ text }: { readonly text: string }) {
  const parts = text.split(ARROW_NAME);
  if (parts.length === 1) return text;
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="nowrap">
        {part}
      </span>
    ) : (
      part
    ),
  );
}
