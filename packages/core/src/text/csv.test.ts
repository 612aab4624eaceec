import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, csvTable } from './csv.js';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('neutralises text a spreadsheet would run as a formula with a leading quote (OWASP)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('-3.5')).toBe("'-3.5"); // typed text stays text
    expect(csvField('a=1')).toBe('a=1');
    expect(csvField('منطقه ۱')).toBe('منطقه ۱');
  });

  it('also neutralises a formula after leading spaces and one typed with full-width signs', () => {
    expect(csvField('  =1+1')).toBe("'  =1+1");
    expect(csvField('\u00a0@SUM(A1)')).toBe("'\u00a0@SUM(A1)");
    expect(csvField('＝HYPERLINK("x")')).toBe(`"'＝HYPERLINK(""x"")"`);
    expect(csvField('＋1')).toBe("'＋1");
    expect(csvField('  plain words')).toBe('  plain words');
  });

  it('keeps numbers numbers, negative ones included', () => {
    expect(csvRecord([-3.5, 0, 42.5, -44.9])).toBe('-3.5,0,42.5,-44.9\r\n');
  });
});

describe('csvTable', () => {
  const rows = [
    { id: 1, note: '=1+1', area: -3.5 },
    { id: 2, note: 'a, "b"', area: null },
  ];

  it("writes the BOM, the header and a record per row in the columns' order", () => {
    expect(csvTable(['id', 'area', 'note'] as const, rows)).toBe(
      `\uFEFFid,area,note\r\n1,-3.5,'=1+1\r\n2,,"a, ""b"""\r\n`,
    );
  });

  it('takes other header names, or none for the next part of a table', () => {
    expect(csvTable(['id', 'note'] as const, rows.slice(0, 1), ['شناسه', 'یادداشت'])).toBe(
      `\uFEFFشناسه,یادداشت\r\n1,'=1+1\r\n`,
    );
    expect(csvTable(['id'] as const, rows, null)).toBe('1\r\n2\r\n');
    expect(() => csvTable(['id', 'note'] as const, rows, ['id'])).toThrow(/1 header names for 2 columns/);
  });
});
