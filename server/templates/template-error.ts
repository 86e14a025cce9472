// A template that cannot be written for this repository or these options: the person's to fix, said in words.
export class TemplateError extends Error {}
