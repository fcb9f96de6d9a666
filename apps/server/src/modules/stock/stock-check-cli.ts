import { loadConfig, loadDotEnv } from '../../config';
import { openDatabase } from '../../db/database';
import { checkStockLedger } from './stock-check';
import { createStockRepository } from './stock.repository';

// `npm run stock:check`: re-sums every product's stock movements against its stock, says which
// differ, and exits 1 if any does.
loadDotEnv();
const config = loadConfig();
const database = await openDatabase(config.database);
try {
  const { unbalanced } = await checkStockLedger(createStockRepository(database.db), { trigger: 'command', checkedBy: null })
    .catch((error: unknown) => {
      // undefined_table: a database the server has not yet migrated to the ledger.
      if ((error as { code?: string }).code === '42P01') {
        throw new Error('this database has no stock ledger yet: run npm run migrate (or start the server) first');
      }
      throw error;
    });
  if (unbalanced.length === 0) {
    console.log('every product’s stock is the sum of its movements');
  } else {
    console.log(`${unbalanced.length} product(s) whose stock differs from the sum of its movements:`);
    for (const product of unbalanced) {
      console.log(`  shop ${product.shop_slug}  ${product.sku}  stock ${product.stock}  movements ${product.movements}`);
    }
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
