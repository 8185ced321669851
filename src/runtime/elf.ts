/**
 * Whether an ELF executable is statically linked (has no PT_INTERP program header, i.e. needs
 * no dynamic loader). The offline test images hold nothing but busybox, so it must be static:
 * Debian's busybox-static package, not the dynamically linked busybox one.
 */
export type ElfLinking = "static" | "dynamic" | "not-elf";

const PT_INTERP = 3;

export function elfLinking(bytes: Uint8Array): ElfLinking {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return "not-elf";
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const phoff = is64 ? Number(view.getBigUint64(0x20, little)) : view.getUint32(0x1c, little);
  const phentsize = view.getUint16(is64 ? 0x36 : 0x2a, little);
  const phnum = view.getUint16(is64 ? 0x38 : 0x2c, little);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return "not-elf";
    if (view.getUint32(at, little) === PT_INTERP) return "dynamic";
  }
  return "static";
}
