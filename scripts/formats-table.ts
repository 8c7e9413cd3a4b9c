// Prints the README's table of formats from the reader registry; a test holds
// the README to it. Run: npx tsx scripts/formats-table.ts
import { formatsTable } from '../dev/formats-table.ts';

process.stdout.write(formatsTable() + '\n');
