/** The register's screens, loaded as one chunk when someone first opens the Register section. */
import './register.css';

export { RegistersPage } from './RegistersPage';
export { SaleReceiptPage } from './SaleReceiptPage';
export { SellPage } from './SellPage';
