# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'agenda_item_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QGridLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_AgendaItemDialog(object):
    def setupUi(self, AgendaItemDialog):
        if not AgendaItemDialog.objectName():
            AgendaItemDialog.setObjectName(u"AgendaItemDialog")
        AgendaItemDialog.resize(560, 360)
        self.main_layout = QVBoxLayout(AgendaItemDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_error = QLabel(AgendaItemDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.title_label = QLabel(AgendaItemDialog)
        self.title_label.setObjectName(u"title_label")

        self.fields_layout.addWidget(self.title_label, 0, 0, 1, 1)

        self.title_edit = QLineEdit(AgendaItemDialog)
        self.title_edit.setObjectName(u"title_edit")

        self.fields_layout.addWidget(self.title_edit, 0, 1, 1, 1)

        self.title_error = QLabel(AgendaItemDialog)
        self.title_error.setObjectName(u"title_error")
        self.title_error.setProperty(u"role", u"error")
        self.title_error.setWordWrap(True)

        self.fields_layout.addWidget(self.title_error, 1, 1, 1, 1)

        self.presenter_label = QLabel(AgendaItemDialog)
        self.presenter_label.setObjectName(u"presenter_label")

        self.fields_layout.addWidget(self.presenter_label, 2, 0, 1, 1)

        self.presenter_edit = QLineEdit(AgendaItemDialog)
        self.presenter_edit.setObjectName(u"presenter_edit")

        self.fields_layout.addWidget(self.presenter_edit, 2, 1, 1, 1)

        self.presenter_error = QLabel(AgendaItemDialog)
        self.presenter_error.setObjectName(u"presenter_error")
        self.presenter_error.setProperty(u"role", u"error")
        self.presenter_error.setWordWrap(True)

        self.fields_layout.addWidget(self.presenter_error, 3, 1, 1, 1)

        self.paper_ref_label = QLabel(AgendaItemDialog)
        self.paper_ref_label.setObjectName(u"paper_ref_label")

        self.fields_layout.addWidget(self.paper_ref_label, 4, 0, 1, 1)

        self.paper_ref_edit = QLineEdit(AgendaItemDialog)
        self.paper_ref_edit.setObjectName(u"paper_ref_edit")

        self.fields_layout.addWidget(self.paper_ref_edit, 4, 1, 1, 1)

        self.paper_ref_error = QLabel(AgendaItemDialog)
        self.paper_ref_error.setObjectName(u"paper_ref_error")
        self.paper_ref_error.setProperty(u"role", u"error")
        self.paper_ref_error.setWordWrap(True)

        self.fields_layout.addWidget(self.paper_ref_error, 5, 1, 1, 1)

        self.exempt_check = QCheckBox(AgendaItemDialog)
        self.exempt_check.setObjectName(u"exempt_check")

        self.fields_layout.addWidget(self.exempt_check, 6, 1, 1, 1)

        self.paragraph_label = QLabel(AgendaItemDialog)
        self.paragraph_label.setObjectName(u"paragraph_label")

        self.fields_layout.addWidget(self.paragraph_label, 7, 0, 1, 1)

        self.paragraph_combo = QComboBox(AgendaItemDialog)
        self.paragraph_combo.setObjectName(u"paragraph_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.paragraph_combo.sizePolicy().hasHeightForWidth())
        self.paragraph_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.paragraph_combo, 7, 1, 1, 1)

        self.exempt_paragraph_error = QLabel(AgendaItemDialog)
        self.exempt_paragraph_error.setObjectName(u"exempt_paragraph_error")
        self.exempt_paragraph_error.setProperty(u"role", u"error")
        self.exempt_paragraph_error.setWordWrap(True)

        self.fields_layout.addWidget(self.exempt_paragraph_error, 8, 1, 1, 1)

        self.reason_label = QLabel(AgendaItemDialog)
        self.reason_label.setObjectName(u"reason_label")

        self.fields_layout.addWidget(self.reason_label, 9, 0, 1, 1, Qt.AlignmentFlag.AlignTop)

        self.reason_edit = QPlainTextEdit(AgendaItemDialog)
        self.reason_edit.setObjectName(u"reason_edit")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumSize(QSize(16777215, 96))

        self.fields_layout.addWidget(self.reason_edit, 9, 1, 1, 1)

        self.exempt_reason_error = QLabel(AgendaItemDialog)
        self.exempt_reason_error.setObjectName(u"exempt_reason_error")
        self.exempt_reason_error.setProperty(u"role", u"error")
        self.exempt_reason_error.setWordWrap(True)

        self.fields_layout.addWidget(self.exempt_reason_error, 10, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.bottom_spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(AgendaItemDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.title_label.setBuddy(self.title_edit)
        self.presenter_label.setBuddy(self.presenter_edit)
        self.paper_ref_label.setBuddy(self.paper_ref_edit)
        self.paragraph_label.setBuddy(self.paragraph_combo)
        self.reason_label.setBuddy(self.reason_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(AgendaItemDialog)

        QMetaObject.connectSlotsByName(AgendaItemDialog)
    # setupUi

    def retranslateUi(self, AgendaItemDialog):
        AgendaItemDialog.setWindowTitle(QCoreApplication.translate("AgendaItemDialog", u"Agenda item", None))
#if QT_CONFIG(accessibility)
        AgendaItemDialog.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Agenda item", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Problem saving this item", None))
#endif // QT_CONFIG(accessibility)
        self.title_label.setText(QCoreApplication.translate("AgendaItemDialog", u"&Title:", None))
#if QT_CONFIG(accessibility)
        self.title_edit.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Item title", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.title_error.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Problem with the title", None))
#endif // QT_CONFIG(accessibility)
        self.presenter_label.setText(QCoreApplication.translate("AgendaItemDialog", u"&Presenter:", None))
#if QT_CONFIG(accessibility)
        self.presenter_edit.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Presenter", None))
#endif // QT_CONFIG(accessibility)
        self.presenter_edit.setPlaceholderText(QCoreApplication.translate("AgendaItemDialog", u"Who introduces the item, e.g. County SEN Manager", None))
#if QT_CONFIG(accessibility)
        self.presenter_error.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Problem with the presenter", None))
#endif // QT_CONFIG(accessibility)
        self.paper_ref_label.setText(QCoreApplication.translate("AgendaItemDialog", u"Paper &reference:", None))
#if QT_CONFIG(accessibility)
        self.paper_ref_edit.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Paper reference", None))
#endif // QT_CONFIG(accessibility)
        self.paper_ref_edit.setPlaceholderText(QCoreApplication.translate("AgendaItemDialog", u"e.g. SG/10/04", None))
#if QT_CONFIG(accessibility)
        self.paper_ref_error.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Problem with the paper reference", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.exempt_check.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Confidential item", None))
#endif // QT_CONFIG(accessibility)
        self.exempt_check.setText(QCoreApplication.translate("AgendaItemDialog", u"&Confidential: considered in private (exempt, Part 2)", None))
        self.paragraph_label.setText(QCoreApplication.translate("AgendaItemDialog", u"Schedule 12A p&aragraph:", None))
#if QT_CONFIG(accessibility)
        self.paragraph_combo.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Schedule 12A paragraph", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.exempt_paragraph_error.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Problem with the paragraph", None))
#endif // QT_CONFIG(accessibility)
        self.reason_label.setText(QCoreApplication.translate("AgendaItemDialog", u"Rea&son:", None))
#if QT_CONFIG(accessibility)
        self.reason_edit.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Reason the item is confidential", None))
#endif // QT_CONFIG(accessibility)
        self.reason_edit.setPlaceholderText(QCoreApplication.translate("AgendaItemDialog", u"e.g. information relating to a particular child", None))
#if QT_CONFIG(accessibility)
        self.exempt_reason_error.setAccessibleName(QCoreApplication.translate("AgendaItemDialog", u"Problem with the reason", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

