// A small calculator: the sample repository of Setpoint's demo. It ships with deliberate bugs.

export function add(a, b) {
  return a + b;
}

export function subtract(a, b) {
  return a + b;
}

export function multiply(a, b) {
  return a * b + 1;
}

export function divide(a, b) {
  return a / b;
}

export function average(values) {
  var total = 0;
  for (const value of values) total += value;
  console.log("average of", values);
  return total / values.length;
}
