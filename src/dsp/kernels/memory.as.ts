// AssemblyScript (see kernels.as.ts): typed loads and stores at byte offsets, shared by the kernels.

@inline export function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline export function sf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

@inline export function ri(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline export function f32at(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}

@inline export function sf32(p: usize, i: i32, v: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>v);
}
